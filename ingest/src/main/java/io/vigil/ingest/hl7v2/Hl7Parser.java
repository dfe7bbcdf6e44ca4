package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.EncodingNotSupportedException;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.ValidationContext;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.ObservationValueTypes;
import java.util.Objects;

/**
 * Parses ER7 text into HAPI's v2.5.1 structures, on the fast path: one canonical model (every
 * message is read as 2.5.1), no HAPI validation (the hub validates with its own rules), and an
 * in-memory id generator so HAPI never writes {@code ./id_file}.
 *
 * <p>One instance is shared by all threads, but each thread parses with its own HAPI context and
 * {@code PipeParser}: HAPI's parser caches structure definitions in an unsynchronized map, and its
 * contexts are not meant to be shared by concurrent parses. The "no validation" rules still trim
 * whitespace from ST/FT (leading) and TX (trailing) values, as HAPI's do, but through {@link
 * TrimOnlyValidation}: no synchronized rule lookup and no regex run on every value.
 */
public final class Hl7Parser {

  private static final ValidationContext NO_VALIDATION = new TrimOnlyValidation();

  private final ThreadLocal<PipeParser> parsers = ThreadLocal.withInitial(Hl7Parser::newParser);

  /** Builds the parser; each thread's HAPI parser is built on its first parse (a few ms). */
  public Hl7Parser() {}

  private static PipeParser newParser() {
    return new TunedPipeParser(newContext());
  }

  /** The HAPI context every parser of the hub uses (package-private for tests). */
  static HapiContext newContext() {
    HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
    context.setValidationContext(NO_VALIDATION);
    context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    // A missing or unknown OBX-2 must not fail the parse: the validator reports it as a finding.
    // HAPI writes the default type into OBX-2, so it is a sentinel the validator recognises.
    context
        .getParserConfiguration()
        .setDefaultObx2Type(ObservationValueTypes.MISSING_VALUE_TYPE_SENTINEL);
    context.getParserConfiguration().setInvalidObx2Type("ST");
    return context;
  }

  /** Parses {@code text} (segments separated by {@code \r}); never throws. */
  public Result parse(String text) {
    try {
      return Result.ok(parsers.get().parse(text));
    } catch (EncodingNotSupportedException e) {
      if (!text.startsWith("MSH")) {
        return Result.failed(
            Finding.error(
                "HL7_NOT_ER7", 100, "", "Message is not HL7 v2 ER7 (no MSH segment at the start)"));
      }
      return Result.failed(malformedOrUnparseable(text, 100));
    } catch (HL7Exception e) {
      // HAPI's own message can quote field values (patient data): report a generic text.
      int code = e.getError() == ErrorCode.SEGMENT_SEQUENCE_ERROR ? 100 : 102;
      return Result.failed(malformedOrUnparseable(text, code));
    } catch (RuntimeException e) {
      return Result.failed(
          Finding.error(
              "HL7_UNPARSEABLE", 102, "", "Message could not be parsed as HL7 v2.5.1 ER7"));
    }
  }

  /**
   * The finding for a message HAPI could not parse: names the first line that is not a segment when
   * there is one (the usual cause in real feeds: a line break inside a field value, such as
   * narrative OBX-5 text, splits its segment), else a generic text. Never quotes the message: a
   * broken line is typically patient data.
   */
  private static Finding malformedOrUnparseable(String text, int code) {
    if (!hasUsableEncodingCharacters(text)) {
      return Finding.error(
          "MSH2_INVALID",
          102,
          "MSH-2",
          "MSH-2 encoding characters must be four distinct separators (component, repetition,"
              + " escape, subcomponent), normally ^~\\&");
    }
    int bad = firstMalformedSegment(text);
    if (bad > 0) {
      return Finding.error(
          "HL7_SEGMENT_MALFORMED",
          100,
          "",
          "Segment "
              + bad
              + " does not begin with a three-character segment id directly followed by the"
              + " field separator");
    }
    return Finding.error(
        "HL7_UNPARSEABLE", code, "", "Message could not be parsed as HL7 v2.5.1 ER7");
  }

  /**
   * Whether MSH-2 holds four distinct characters (five with v2.7's truncation character) that are
   * neither letters, digits, whitespace nor the field separator. Senders that leave out the escape
   * character ({@code ^~&}) send something HAPI cannot read; saying so beats "unparseable".
   */
  static boolean hasUsableEncodingCharacters(String text) {
    if (text.length() < 4 || !text.startsWith("MSH")) {
      return true; // not for this check to judge
    }
    char fieldSeparator = text.charAt(3);
    int end = 4;
    while (end < text.length() && text.charAt(end) != fieldSeparator && text.charAt(end) != '\r') {
      end++;
    }
    String chars = text.substring(4, end);
    if (chars.length() != 4 && chars.length() != 5) {
      return false;
    }
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || chars.indexOf(c) != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an MSH-2 that is not four (or five) distinct separators is read all the same: its first
   * four are distinct separators and something follows them ({@code ^~\& }, {@code ^~\&X}: HAPI
   * reads the four, as the sender meant them), or the escape character is doubled ({@code ^~\\&}),
   * as a string-escaping bug writes it. A separator repeated within the four is ambiguous ({@code
   * ^^\&} reads every component as a repetition: a positive result was counted as indeterminate,
   * without its county) and is refused.
   */
  static boolean isReadAllTheSame(String text) {
    return isDoubledEscape(text) || firstFourUsable(text);
  }

  private static boolean firstFourUsable(String text) {
    if (text.length() < 8 || !text.startsWith("MSH")) {
      return false;
    }
    char fieldSeparator = text.charAt(3);
    String four = text.substring(4, 8);
    return four.indexOf(fieldSeparator) < 0
        && four.indexOf('\r') < 0
        && hasUsableEncodingCharacters("MSH" + fieldSeparator + four + fieldSeparator);
  }

  private static boolean isDoubledEscape(String text) {
    if (text.length() < 9 || !text.startsWith("MSH")) {
      return false;
    }
    char fieldSeparator = text.charAt(3);
    String chars = text.substring(4, 9);
    if (chars.indexOf(fieldSeparator) >= 0 || chars.charAt(2) != chars.charAt(3)) {
      return false;
    }
    String undoubled = chars.substring(0, 3) + chars.charAt(4);
    boolean endsThere = text.length() == 9 || text.charAt(9) == fieldSeparator;
    return endsThere
        && hasUsableEncodingCharacters("MSH" + fieldSeparator + undoubled + fieldSeparator);
  }

  /**
   * The 1-based position of the first segment of {@code text} (segments separated by {@code \r},
   * field separator from MSH-1) that does not begin with three letters or digits followed by the
   * field separator or its end; 0 when every segment does, or when there is no MSH to read MSH-1
   * from.
   */
  static int firstMalformedSegment(String text) {
    if (text.length() < 4 || !text.startsWith("MSH")) {
      return 0;
    }
    char fieldSeparator = text.charAt(3);
    int position = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\r', start);
      if (end < 0) {
        end = text.length();
      }
      position++;
      boolean idOk =
          end - start >= 3
              && Character.isLetterOrDigit(text.charAt(start))
              && Character.isLetterOrDigit(text.charAt(start + 1))
              && Character.isLetterOrDigit(text.charAt(start + 2));
      if (!idOk || (end - start > 3 && text.charAt(start + 3) != fieldSeparator)) {
        return position;
      }
      start = end + 1;
    }
    return 0;
  }

  /**
   * Either a parsed message or the finding that says why it could not be parsed.
   *
   * @param message the parsed message; null when parsing failed
   * @param failure the error finding; null when parsing succeeded
   */
  public record Result(Message message, Finding failure) {

    static Result ok(Message message) {
      return new Result(Objects.requireNonNull(message), null);
    }

    static Result failed(Finding failure) {
      return new Result(null, Objects.requireNonNull(failure));
    }

    /** True when HAPI produced a message. */
    public boolean parsed() {
      return message != null;
    }
  }
}
