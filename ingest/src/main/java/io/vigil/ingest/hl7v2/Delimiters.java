package io.vigil.ingest.hl7v2;

/**
 * The five ER7 delimiters of one message: MSH-1 and the first four characters of MSH-2.
 *
 * @param field field separator (MSH-1), normally {@code |}
 * @param component component separator, normally {@code ^}
 * @param repetition repetition separator, normally {@code ~}
 * @param escape escape character, normally {@code \}
 * @param subcomponent subcomponent separator, normally {@code &}
 */
public record Delimiters(
    char field, char component, char repetition, char escape, char subcomponent) {

  /** The delimiters every HL7 v2 message is expected to use: {@code |^~\&}. */
  public static final Delimiters DEFAULT = new Delimiters('|', '^', '~', '\\', '&');

  /**
   * Delimiters from MSH-1 and MSH-2. A missing, short or self-colliding MSH-2 falls back to the
   * defaults for the missing characters; if the result is still ambiguous (two delimiters equal, or
   * a delimiter that is a letter, digit or line break) the defaults are used as a whole, because an
   * acknowledgement built on ambiguous delimiters would be unreadable.
   */
  public static Delimiters of(char fieldSeparator, String encodingCharacters) {
    String enc = encodingCharacters == null ? "" : encodingCharacters;
    Delimiters d =
        new Delimiters(
            fieldSeparator,
            charAt(enc, 0, DEFAULT.component),
            charAt(enc, 1, DEFAULT.repetition),
            charAt(enc, 2, DEFAULT.escape),
            charAt(enc, 3, DEFAULT.subcomponent));
    return d.isUsable() ? d : DEFAULT;
  }

  /** MSH-2 as rendered in an acknowledgement: component, repetition, escape, subcomponent. */
  public String encodingCharacters() {
    return new String(new char[] {component, repetition, escape, subcomponent});
  }

  private boolean isUsable() {
    char[] all = {field, component, repetition, escape, subcomponent};
    for (int i = 0; i < all.length; i++) {
      char c = all[i];
      if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return false;
      }
      for (int j = i + 1; j < all.length; j++) {
        if (all[j] == c) {
          return false;
        }
      }
    }
    return true;
  }

  private static char charAt(String s, int i, char fallback) {
    return s.length() > i ? s.charAt(i) : fallback;
  }
}
