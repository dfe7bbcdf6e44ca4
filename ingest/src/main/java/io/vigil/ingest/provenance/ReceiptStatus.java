package io.vigil.ingest.provenance;

import java.util.Locale;

/**
 * How far a submission's receipt has come: its leaf is in the log, a signed checkpoint covers it,
 * and that checkpoint (or a later one, the log being append-only) is anchored on chain. The names
 * are those of the receipt's own {@code status} ({@link ReceiptJson}).
 */
public enum ReceiptStatus {
  /** No log leaf (not expected: every stored submission gets one in its own transaction). */
  NONE,
  /** In the log; no signed checkpoint covers it yet. */
  PENDING,
  /** Covered by a signed checkpoint that is not on chain (yet, or anchoring is off). */
  CHECKPOINTED,
  /** Covered by a checkpoint anchored on chain: a full receipt can be verified. */
  ANCHORED;

  /**
   * @param leafIndex the submission's leaf, or null
   * @param signedSize tree size of the newest signed checkpoint (0 when none)
   * @param anchoredSize tree size of the newest anchored checkpoint (0 when none)
   */
  public static ReceiptStatus of(Long leafIndex, long signedSize, long anchoredSize) {
    if (leafIndex == null) {
      return NONE;
    }
    if (leafIndex < anchoredSize) {
      return ANCHORED;
    }
    return leafIndex < signedSize ? CHECKPOINTED : PENDING;
  }

  /**
   * The name on the wire: {@code pending}, {@code checkpointed}, {@code anchored}, {@code none}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
