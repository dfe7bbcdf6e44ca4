package io.vigil.ingest.validation;

/**
 * Character-level checks of numeric text, written out instead of regular expressions because they
 * run for every observation of every message. Only ASCII digits count, as with {@code \d}.
 */
public final class Hl7Numbers {

  private Hl7Numbers() {}

  /**
   * An HL7 NM value: an optional sign, then digits with an optional decimal part, or a decimal
   * point followed by digits; the regular expression {@code [+-]?(\d+(\.\d*)?|\.\d+)}.
   */
  static boolean isNumeric(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int start = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    boolean integerDigits = i > start;
    boolean fractionDigits = false;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int fraction = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      fractionDigits = i > fraction;
    }
    return i == n && (integerDigits || fractionDigits);
  }

  /** An NM value that is zero ({@code 0}, {@code 0.0}, {@code -0}). */
  public static boolean isZero(String s) {
    String v = s.trim();
    if (!isNumeric(v)) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch >= '1' && ch <= '9') {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s[from, to)} is not empty and holds only ASCII digits. */
  static boolean asciiDigits(String s, int from, int to) {
    if (to <= from) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
