package io.vigil.anchoring.chain;

import java.math.BigInteger;

/**
 * The price of one transaction: a legacy gas price (FREE, LEGACY) or an EIP-1559 max fee and
 * priority fee. Immutable; {@link #bumpedOver} computes the price of a replacement.
 */
record Fees(GasMode mode, BigInteger gasPrice, BigInteger maxFeePerGas, BigInteger maxPriorityFee) {

  /**
   * Geth and Besu both refuse a same-nonce replacement unless every price rises by at least 10%
   * (geth {@code txpool.pricebump}, Besu {@code --tx-pool-price-bump}); 10% rounded up does it.
   */
  static final int BUMP_PERCENT = 10;

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  static Fees free() {
    return new Fees(GasMode.FREE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
  }

  static Fees legacy(BigInteger gasPrice) {
    return new Fees(GasMode.LEGACY, gasPrice, BigInteger.ZERO, BigInteger.ZERO);
  }

  /** Max fee {@code 2 × baseFee + tip}: stays valid through six full blocks of base-fee rises. */
  static Fees eip1559(BigInteger baseFee, BigInteger tip) {
    return new Fees(GasMode.EIP1559, BigInteger.ZERO, baseFee.shiftLeft(1).add(tip), tip);
  }

  /**
   * The price of a replacement for a transaction priced {@code this}: every price raised by at
   * least {@value #BUMP_PERCENT}% (rounded up, at least 1 wei when non-zero) and never below what
   * the market asks now. FREE stays free (the replacement is a re-broadcast).
   */
  Fees bumpedOver(Fees market) {
    return switch (mode) {
      case FREE -> this;
      case LEGACY -> legacy(bump(gasPrice).max(market.gasPrice));
      case EIP1559 -> {
        BigInteger tip = bump(maxPriorityFee).max(market.maxPriorityFee);
        BigInteger max = bump(maxFeePerGas).max(market.maxFeePerGas).max(tip);
        yield new Fees(GasMode.EIP1559, BigInteger.ZERO, max, tip);
      }
    };
  }

  /** {@code value × 1.1}, rounded up; zero stays zero. */
  static BigInteger bump(BigInteger value) {
    if (value.signum() == 0) {
      return value;
    }
    BigInteger[] qr =
        value.multiply(BigInteger.valueOf(100 + BUMP_PERCENT)).divideAndRemainder(HUNDRED);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  @Override
  public String toString() {
    return mode == GasMode.EIP1559
        ? "maxFee=" + maxFeePerGas + " tip=" + maxPriorityFee
        : "gasPrice=" + gasPrice;
  }
}
