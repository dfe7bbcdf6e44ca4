package io.vigil.ingest.validation;

/**
 * LOINC code syntax: one to seven digits, a hyphen and a mod-10 check digit computed with the
 * algorithm LOINC publishes (the Luhn scheme: from the right, double every other digit starting
 * with the rightmost, add all digits of the results, the check digit brings the sum to a multiple
 * of ten). For example 2160-0, 718-7 and 94500-6 are valid; 94500-5 is not.
 */
public final class Loinc {

  private Loinc() {}

  /** True when the code has LOINC's shape ({@code \d{1,7}-\d}). */
  public static boolean isWellFormed(String code) {
    if (code == null || code.length() < 3 || code.length() > 9) {
      return false;
    }
    int dash = code.length() - 2;
    return code.charAt(dash) == '-'
        && isDigit(code.charAt(dash + 1))
        && Hl7Numbers.asciiDigits(code, 0, dash);
  }

  /**
   * Why a code that is not {@link #isWellFormed well formed} is no observation's LOINC, for a
   * finding's text after the quoted code. A LOINC Part code ({@code LP48341-9}, which CDC's message
   * mapping guides list for answers) names a component, an answer code ({@code LA6576-8}) a value;
   * neither is something a lab observes.
   */
  static String notWellFormed(String code) {
    String upper = code == null ? "" : code.toUpperCase(java.util.Locale.ROOT);
    if (upper.matches("LP\\d{1,7}-\\d")) {
      return " is a LOINC Part code, which names a component, not a test: send the test's LOINC"
          + " (NNNNN-N)";
    }
    if (upper.matches("LG\\d{1,7}-\\d")) {
      return " is a LOINC Group code, which gathers tests, not a test: send the test's LOINC"
          + " (NNNNN-N)";
    }
    if (upper.matches("LA\\d{1,7}-\\d")) {
      return " is a LOINC answer code, which is a value (OBX-5), not a test: send the test's"
          + " LOINC (NNNNN-N)";
    }
    return " is not of the form NNNNN-N";
  }

  /** True when the code is well formed and its check digit is right. */
  public static boolean isValid(String code) {
    if (!isWellFormed(code)) {
      return false;
    }
    int dash = code.indexOf('-');
    return checkDigit(code.substring(0, dash)) == code.charAt(dash + 1) - '0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The mod-10 check digit for the digits before the hyphen. */
  public static int checkDigit(String digits) {
    int sum = 0;
    boolean doubled = true;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return (10 - sum % 10) % 10;
  }
}
