package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChainConfigTest {

  private static final String KEY = AnvilProcess.DEV_ONLY_PRIVATE_KEYS.get(0);

  @Test
  void toStringRedactsThePrivateKey() {
    ChainConfig config = ChainConfig.defaults("http://127.0.0.1:8545", KEY);
    assertThat(config.toString())
        .contains("privateKey=[redacted]")
        .contains("rpcUrl=http://127.0.0.1:8545")
        .doesNotContain(KEY.substring(2))
        .doesNotContain(KEY.substring(2, 18));
  }

  @Test
  void derivesTheAccountAddressFromTheKey() {
    assertThat(ChainConfig.defaults("http://x", KEY).accountAddress())
        .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  }

  @Test
  void defaultsSuitAFreeGasQbftNetwork() {
    ChainConfig config = ChainConfig.defaults("http://x", KEY);
    assertThat(config.gasMode()).isEqualTo(GasMode.FREE);
    assertThat(config.expectedChainId()).isZero();
    assertThat(config.contractAddress()).isNull();
    assertThat(config.confirmations()).isEqualTo(1);
    assertThat(config.logsBlockSpan()).isEqualTo(5_000);
    assertThat(config.logsFromBlock()).isZero();
    assertThat(config.withContractAddress(" ").contractAddress()).isNull();
  }

  @Test
  void rejectsNonsense() {
    ChainConfig config = ChainConfig.defaults("http://x", KEY);
    assertThatThrownBy(() -> config.withConfirmations(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withLogsRange(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withLogsRange(10, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> config.withTiming(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                config.withTiming(
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logsTheEndpointWithoutCredentials() {
    assertThat(Rpc.redact("https://user:secret@rpc.example.org:8545/key/abc?token=x"))
        .isEqualTo("https://rpc.example.org:8545");
    assertThat(Rpc.redact("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
  }
}
