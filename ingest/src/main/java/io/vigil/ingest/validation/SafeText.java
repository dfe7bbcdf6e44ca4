package io.vigil.ingest.validation;

import java.util.regex.Pattern;

/**
 * Guards finding messages against patient data: only short code-like tokens (table codes, LOINC,
 * CVX) may be quoted back to the sender; anything else is left out of the message.
 */
public final class SafeText {

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-_]{0,19}");

  private SafeText() {}

  /** {@code " 'value'"} when the value is a safe code, otherwise "". */
  public static String quote(String value) {
    return value != null && CODE.matcher(value).matches() ? " '" + value + "'" : "";
  }
}
