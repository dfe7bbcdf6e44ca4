package io.vigil.anchoring.chain;

/**
 * The chain refused the call: the contract reverted (e.g. {@code NotWriter}, {@code
 * TreeSizeNotIncreasing}) or the node rejected the transaction (e.g. account not allowlisted).
 * Retrying the same call will not help.
 */
public class AnchorRejectedException extends ChainException {

  private static final long serialVersionUID = 1L;

  private final String errorName;

  /**
   * @param errorName the contract's custom error name (e.g. {@code NotWriter}), {@code Error} or
   *     {@code Panic} for Solidity's built-in errors, or a client-side code such as {@code
   *     TransactionRejected} or {@code ConflictingRoot}
   * @param reason the decoded reason, e.g. {@code TreeSizeNotIncreasing(latestTreeSize=9,
   *     treeSize=7)}
   */
  public AnchorRejectedException(String errorName, String reason) {
    super(reason);
    this.errorName = errorName;
  }

  /** The custom error name or client-side code; stable, suitable for metrics. */
  public String errorName() {
    return errorName;
  }

  /** The decoded reason, with the error's arguments. */
  public String reason() {
    return getMessage();
  }
}
