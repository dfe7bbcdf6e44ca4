package io.vigil.ingest.fhir;

import java.util.regex.Pattern;

/**
 * Guards finding messages: only element names and codes of a harmless shape are quoted back (a
 * sender can put anything in a JSON key, including patient data).
 */
final class SafeName {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,40}");

  private SafeName() {}

  static String of(String value) {
    return value != null && NAME.matcher(value).matches() ? "'" + value + "'" : "(name withheld)";
  }

  /** {@code " 'value'"} when safe to quote, otherwise "". */
  static String quote(String value) {
    return value != null && NAME.matcher(value).matches() ? " '" + value + "'" : "";
  }
}
