package io.vigil.ingest.validation;

/**
 * SNOMED CT identifier (SCTID) syntax: 6 to 18 digits, no leading zero, the last a Verhoeff check
 * digit over the others (SNOMED CT Technical Implementation Guide, "SCTID check digit"). For
 * example 260373001 (Detected) and 260415000 (Not detected) are valid; 1234 and 260373002 are not.
 * Whether the concept exists is another matter: this only tells a code that cannot be a SNOMED CT
 * id.
 */
public final class SnomedId {
  private static final int[][] MULTIPLY = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
    {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
    {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
  };
  private static final int[][] PERMUTE = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
    {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
    {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
  };

  private SnomedId() {}

  /** Whether {@code code} has an SCTID's form and a right Verhoeff check digit. */
  public static boolean isValid(String code) {
    if (code == null
        || code.length() < 6
        || code.length() > 18
        || code.charAt(0) == '0'
        || !Hl7Numbers.asciiDigits(code, 0, code.length())) {
      return false;
    }
    int check = 0;
    for (int i = 0; i < code.length(); i++) {
      int digit = code.charAt(code.length() - 1 - i) - '0';
      check = MULTIPLY[check][PERMUTE[i % 8][digit]];
    }
    return check == 0;
  }
}
