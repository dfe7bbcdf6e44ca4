package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendErrorTest {

  @Test
  void classifiesGethAnvilAndBesuWordings() {
    assertThat(SendError.classify("nonce too low: next nonce 5, tx nonce 4"))
        .isEqualTo(SendError.NONCE_TOO_LOW);
    assertThat(SendError.classify("NONCE_TOO_LOW")).isEqualTo(SendError.NONCE_TOO_LOW);
    assertThat(SendError.classify("Nonce too low")).isEqualTo(SendError.NONCE_TOO_LOW);
    assertThat(SendError.classify("already known")).isEqualTo(SendError.ALREADY_KNOWN);
    assertThat(SendError.classify("Known transaction")).isEqualTo(SendError.ALREADY_KNOWN);
    assertThat(SendError.classify("transaction already imported"))
        .isEqualTo(SendError.ALREADY_KNOWN);
    assertThat(SendError.classify("replacement transaction underpriced"))
        .isEqualTo(SendError.UNDERPRICED);
    assertThat(SendError.classify("TRANSACTION_REPLACEMENT_UNDERPRICED"))
        .isEqualTo(SendError.UNDERPRICED);
  }

  @Test
  void anythingElseIsARejection() {
    assertThat(SendError.classify("Sender account not authorized to send transactions"))
        .isEqualTo(SendError.REJECTED);
    assertThat(SendError.classify("insufficient funds for gas * price + value"))
        .isEqualTo(SendError.REJECTED);
    assertThat(SendError.classify(null)).isEqualTo(SendError.REJECTED);
  }
}
