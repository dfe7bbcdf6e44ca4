package io.vigil.anchoring.chain;

import java.util.Locale;

/**
 * What a node's answer to {@code eth_sendRawTransaction} means for the sender. Geth, anvil and Besu
 * word these differently ({@code nonce too low} / {@code NONCE_TOO_LOW}, {@code already known} /
 * {@code Known transaction}), so the text is normalised before matching.
 */
enum SendError {
  /** The nonce is used: resynchronise from the node and check whether our transaction landed. */
  NONCE_TOO_LOW,
  /** The node has this exact transaction already: as good as accepted. */
  ALREADY_KNOWN,
  /** A same-nonce transaction with a higher or equal price is pending: bump and resend. */
  UNDERPRICED,
  /** Anything else (insufficient funds, account not permitted, ...): do not retry. */
  REJECTED;

  static SendError classify(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT).replace('_', ' ');
    if (m.contains("nonce too low") || m.contains("nonce is too low")) {
      return NONCE_TOO_LOW;
    }
    if (m.contains("already known")
        || m.contains("known transaction")
        || m.contains("already imported")
        || m.contains("already in pool")) {
      return ALREADY_KNOWN;
    }
    if (m.contains("underpriced")) {
      return UNDERPRICED;
    }
    return REJECTED;
  }
}
