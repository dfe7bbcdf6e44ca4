package io.vigil.hub.monitor;

/**
 * One problem a poll found, printed as one line: {@code ALERT REWRITE size=12: …}.
 *
 * @param kind what went wrong
 * @param treeSize the checkpoint it concerns, or 0 when it concerns none in particular
 * @param message a single-line explanation, safe to print (hashes and sizes only, no payloads)
 */
public record Finding(Kind kind, long treeSize, String message) {

  /** What went wrong; each kind is either an alert (integrity) or a warning (availability). */
  public enum Kind {
    /** Two validly signed checkpoints disagree: a different root for a size already verified. */
    FORK(true),
    /** The hub lists a size or root that its own signed note does not say (rewritten storage). */
    REWRITE(true),
    /** A checkpoint note does not verify with the pinned log key and origin. */
    BAD_SIGNATURE(true),
    /** A consistency proof does not show the new checkpoint extends the last verified one. */
    INCONSISTENT(true),
    /** The chain holds another root for a size, or none where the hub claims an anchoring. */
    CHAIN_MISMATCH(true),
    /** The log got smaller than a size already verified or anchored. */
    SHRUNK(true),
    /** The hub answered with something that is not a well-formed log response. */
    BAD_RESPONSE(true),
    /** The hub could not be reached (or answered with an error status); nothing was checked. */
    HUB_UNREACHABLE(false),
    /** The chain could not be read; log checks went on, chain checks will be repeated. */
    CHAIN_UNREACHABLE(false);

    private final boolean alert;

    Kind(boolean alert) {
      this.alert = alert;
    }

    /** True for integrity problems, false for availability warnings. */
    public boolean alert() {
      return alert;
    }
  }

  public Finding {
    message = message.replace('\n', ' ').replace('\r', ' ');
  }

  /** {@code ALERT|WARN <KIND>[ size=<n>]: <message>}. */
  public String render() {
    return (kind.alert() ? "ALERT " : "WARN ")
        + kind
        + (treeSize > 0 ? " size=" + treeSize : "")
        + ": "
        + message;
  }
}
