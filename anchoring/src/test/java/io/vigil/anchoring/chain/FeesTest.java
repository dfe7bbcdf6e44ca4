package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeesTest {

  private static BigInteger wei(long value) {
    return BigInteger.valueOf(value);
  }

  @Test
  void bumpRaisesByTenPercentRoundedUp() {
    assertThat(Fees.bump(wei(100))).isEqualTo(wei(110));
    assertThat(Fees.bump(wei(1_000_000_000))).isEqualTo(wei(1_100_000_000));
    assertThat(Fees.bump(wei(101))).isEqualTo(wei(112)); // 111.1 → 112
    assertThat(Fees.bump(wei(1))).isEqualTo(wei(2)); // 1.1 → 2: never stuck below +10%
    assertThat(Fees.bump(wei(9))).isEqualTo(wei(10));
    assertThat(Fees.bump(BigInteger.ZERO)).isEqualTo(BigInteger.ZERO);
  }

  @Test
  void bumpIsAlwaysAtLeastTenPercent() {
    for (long v = 1; v < 5_000; v++) {
      BigInteger bumped = Fees.bump(wei(v));
      assertThat(bumped.multiply(wei(100))).isGreaterThanOrEqualTo(wei(v).multiply(wei(110)));
      assertThat(bumped.subtract(wei(v))).isLessThanOrEqualTo(wei(v / 10 + 1));
    }
  }

  @Test
  void eip1559MaxFeeIsTwiceBaseFeePlusTip() {
    Fees fees = Fees.eip1559(wei(1_000), wei(7));
    assertThat(fees.maxFeePerGas()).isEqualTo(wei(2_007));
    assertThat(fees.maxPriorityFee()).isEqualTo(wei(7));
  }

  @Test
  void eip1559ReplacementBumpsBothPricesAndFollowsTheMarket() {
    Fees sent = Fees.eip1559(wei(1_000), wei(100));
    Fees calm = Fees.eip1559(wei(500), wei(50));
    Fees bumped = sent.bumpedOver(calm);
    assertThat(bumped.maxPriorityFee()).isEqualTo(wei(110));
    assertThat(bumped.maxFeePerGas()).isEqualTo(wei(2_310));

    Fees spike = Fees.eip1559(wei(10_000), wei(500));
    Fees followed = sent.bumpedOver(spike);
    assertThat(followed.maxPriorityFee()).isEqualTo(wei(500));
    assertThat(followed.maxFeePerGas()).isEqualTo(wei(20_500));
  }

  @Test
  void legacyReplacementBumpsGasPrice() {
    assertThat(Fees.legacy(wei(1_000)).bumpedOver(Fees.legacy(wei(900))).gasPrice())
        .isEqualTo(wei(1_100));
    assertThat(Fees.legacy(wei(1_000)).bumpedOver(Fees.legacy(wei(5_000))).gasPrice())
        .isEqualTo(wei(5_000));
  }

  @Test
  void freeReplacementIsTheSameTransaction() {
    assertThat(Fees.free().bumpedOver(Fees.free())).isEqualTo(Fees.free());
  }
}
