package io.vigil.anchoring.leaf;

/** Bytes that are not a valid {@link LogLeaf} encoding, or field values that cannot be encoded. */
public final class MalformedLeafException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a description of the first problem found. */
  public MalformedLeafException(String message) {
    super(message);
  }
}
