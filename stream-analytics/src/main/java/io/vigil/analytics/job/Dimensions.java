package io.vigil.analytics.job;

/** Key columns never hold NULL (unique constraints would not match): unknown is {@code ""}. */
public final class Dimensions {
  /** The sentinel stored for an unknown dimension value. */
  public static final String UNKNOWN = "";

  private Dimensions() {}

  public static String orEmpty(String value) {
    return value == null ? UNKNOWN : value;
  }
}
