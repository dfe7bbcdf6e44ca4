package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.validation.EncodingRule;
import ca.uhn.hl7v2.validation.MessageRule;
import ca.uhn.hl7v2.validation.PrimitiveTypeRule;
import ca.uhn.hl7v2.validation.ValidationContext;
import ca.uhn.hl7v2.validation.ValidationException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules of HAPI's "no validation" context, and nothing else: leading whitespace is trimmed from
 * ST and FT values, trailing whitespace from TX values; no value, message or encoding is checked
 * (the hub validates with its own rules).
 *
 * <p>HAPI's own context trims with the regexes {@code ^\s+} and {@code \s+$} through {@code
 * replaceAll}, twice per value (its rule's {@code apply} corrects the value again), and looks the
 * rules up in a synchronized map on every {@code Primitive.setValue}, dozens of times per message:
 * ~5% of a parsing thread's CPU, and one monitor all parsing threads queued on. This context
 * answers from constants and runs the same regex only when the value's first (last) character lets
 * it match, which almost no value's does. {@code TrimOnlyValidationTest} checks it against HAPI's
 * context for every HL7 version.
 */
final class TrimOnlyValidation implements ValidationContext {

  private static final Pattern LEADING = Pattern.compile("^\\s+");
  private static final Pattern TRAILING = Pattern.compile("\\s+$");

  private static final List<PrimitiveTypeRule> LEFT =
      List.of(new Rule(LEADING, value -> isRegexWhitespace(value.charAt(0))));

  /**
   * {@code $} also matches before a final line terminator, and three of those are not {@code \s}.
   */
  private static final List<PrimitiveTypeRule> RIGHT =
      List.of(
          new Rule(
              TRAILING,
              value -> {
                char last = value.charAt(value.length() - 1);
                return isRegexWhitespace(last)
                    || last == '\u0085'
                    || last == '\u2028'
                    || last == '\u2029';
              }));

  @Override
  public Collection<PrimitiveTypeRule> getPrimitiveRules(
      String version, String typeName, Primitive type) {
    if (typeName == null) {
      return List.of();
    }
    return switch (typeName) {
      case "ST", "FT" -> LEFT;
      case "TX" -> RIGHT;
      default -> List.of();
    };
  }

  @Override
  public Collection<MessageRule> getMessageRules(
      String version, String messageType, String triggerEvent) {
    return List.of();
  }

  @Override
  public Collection<EncodingRule> getEncodingRules(String version, String encoding) {
    return List.of();
  }

  /** Java regex {@code \s} without UNICODE_CHARACTER_CLASS: exactly these six. */
  private static boolean isRegexWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Removes what {@code pattern} matches, when {@code mayMatch}; every value is valid. */
  private static final class Rule implements PrimitiveTypeRule {
    private static final long serialVersionUID = 1L;
    private static final ValidationException[] NONE = new ValidationException[0];

    private final Pattern pattern;
    private final transient Predicate<String> mayMatch;

    Rule(Pattern pattern, Predicate<String> mayMatch) {
      this.pattern = pattern;
      this.mayMatch = mayMatch;
    }

    @Override
    public String correct(String value) {
      if (value == null || value.isEmpty() || !mayMatch.test(value)) {
        return value;
      }
      return pattern.matcher(value).replaceAll("");
    }

    @Override
    public boolean test(String value) {
      return true;
    }

    @Override
    public ValidationException[] apply(String value) {
      return NONE;
    }

    @Override
    public String getDescription() {
      return "whitespace matching " + pattern + " is removed";
    }

    @Override
    public String getSectionReference() {
      return null;
    }
  }
}
