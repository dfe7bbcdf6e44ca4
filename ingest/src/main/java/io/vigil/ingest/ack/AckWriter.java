package io.vigil.ingest.ack;

import io.vigil.ingest.hl7v2.Delimiters;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Er7;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders HL7 v2 acknowledgements (ER7 text, each segment ended by {@code \r}, no MLLP framing) in
 * the original message's delimiters: MSH with sender and receiver swapped, MSA-2 = the original
 * MSH-10 (always, even when empty), and one ERR segment per finding (at most {@link
 * #MAX_ERR_SEGMENTS}, the last saying how many were left out). The caller encodes the text with the
 * original message's charset. Thread-safe.
 */
public final class AckWriter {

  /** The local coding system name in ERR-5 and the fallback MSH-3 of acknowledgements. */
  public static final String SYSTEM_NAME = "VIGIL";

  /**
   * Most ERR segments in one acknowledgement. A message with 20,000 bad OBX segments once got a 5
   * MB acknowledgement; the first findings (errors sort first) say what to fix, and the submission
   * record keeps every one.
   */
  public static final int MAX_ERR_SEGMENTS = 100;

  private static final Map<Integer, String> TABLE_0357 =
      Map.ofEntries(
          Map.entry(0, "Message accepted"),
          Map.entry(100, "Segment sequence error"),
          Map.entry(101, "Required field missing"),
          Map.entry(102, "Data type error"),
          Map.entry(103, "Table value not found"),
          Map.entry(200, "Unsupported message type"),
          Map.entry(201, "Unsupported event code"),
          Map.entry(202, "Unsupported processing id"),
          Map.entry(203, "Unsupported version id"),
          Map.entry(204, "Unknown key identifier"),
          Map.entry(205, "Duplicate key identifier"),
          Map.entry(206, "Application record locked"),
          Map.entry(207, "Application internal error"));

  /** {@code SEG[(seq)][-field[(rep)][.component[.subcomponent]]]}, e.g. {@code OBX(2)-3.1}. */
  private static final Pattern LOCATION =
      Pattern.compile(
          "([A-Z][A-Z0-9]{2})(?:\\((\\d+)\\))?(?:-(\\d+)(?:\\((\\d+)\\))?(?:\\.(\\d+)(?:\\.(\\d+))?)?)?");

  /**
   * MSH-21 of an immunization acknowledgement: the CDC IZ guide's ACK profile (Z23), which an IIS
   * sends in answer to a VXU (profile Z22).
   */
  static final String IZ_ACK_PROFILE = "Z23^CDCPHINVS";

  private final Clock clock;

  /** A writer stamping MSH-7 from {@code clock}. */
  public AckWriter(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** Renders an acknowledgement for a message whose header may not have been readable. */
  public String render(
      Optional<MessageHeader> original, AckCode code, List<Finding> findings, String ackControlId) {
    return original
        .map(h -> render(h, code, findings, ackControlId))
        .orElseGet(() -> renderWithoutHeader(code, findings, ackControlId));
  }

  /**
   * Renders the acknowledgements {@link AckPolicy} owes for a message: the accept (or
   * original-mode) one, and the application one MSH-16 asks for, which then carries the findings
   * instead.
   *
   * @param acceptControlId MSH-10 of the accept acknowledgement
   * @param applicationControlId MSH-10 of the application acknowledgement, asked only when one is
   *     rendered
   */
  public Acknowledgements acknowledgements(
      Optional<MessageHeader> original,
      Disposition disposition,
      boolean stored,
      List<Finding> findings,
      String acceptControlId,
      Supplier<String> applicationControlId) {
    AckPolicy.Decision accept = AckPolicy.decide(original, disposition, stored);
    Optional<AckCode> application = AckPolicy.application(original, disposition, stored);
    String acceptAck =
        render(
            original,
            accept.code(),
            application.isPresent() ? List.of() : findings,
            acceptControlId);
    return new Acknowledgements(
        acceptAck,
        accept.send(),
        application.map(code -> render(original, code, findings, applicationControlId.get())));
  }

  /**
   * Renders an acknowledgement of {@code original}.
   *
   * @param ackControlId a fresh control id for the ACK's MSH-10
   */
  public String render(
      MessageHeader original, AckCode code, List<Finding> findings, String ackControlId) {
    Delimiters d = Delimiters.of(original.fieldSeparator(), original.encodingCharacters());
    UnaryOperator<String> echo = echo(original, d);
    char c = d.component();
    String trigger = echo.apply(original.triggerEvent());
    String type = trigger.isEmpty() ? "ACK" : "ACK" + c + trigger + c + "ACK";
    String sendingApp = original.receivingApplication();
    StringBuilder out = new StringBuilder(256);
    msh(
        out,
        d,
        sendingApp.isEmpty() ? SYSTEM_NAME : echo.apply(sendingApp),
        echo.apply(original.receivingFacility()),
        echo.apply(original.sendingApplication()),
        echo.apply(original.sendingFacility()),
        type,
        ackControlId,
        original.processingId().isEmpty() ? "P" : echo.apply(original.processingId()),
        original.versionId().isEmpty() ? "2.5.1" : echo.apply(original.versionId()),
        echo.apply(original.characterSet()),
        original.messageCode().equals("VXU") ? IZ_ACK_PROFILE.replace('^', d.component()) : "");
    String text = beforeErrSegments(original.versionId()) ? firstErrorText(findings, d) : "";
    return tail(
        out,
        d,
        code,
        echo.apply(original.controlIdAsSent()),
        text,
        findings,
        original.messageCode().equals("VXU"));
  }

  /**
   * Versions before 2.5 read a reason only from MSA-3 (text message): their ERR has one field
   * (ERR-1), so the ERR-2 to ERR-8 of this hub's findings are invisible to a 2.3.1 or 2.4 engine,
   * which would show an AR without a reason. v2.5.1 keeps MSA-3 for this backward compatibility.
   */
  private static boolean beforeErrSegments(String version) {
    return version.startsWith("2.1")
        || version.startsWith("2.2")
        || version.startsWith("2.3")
        || version.startsWith("2.4");
  }

  /**
   * The first error's text, escaped, at most MSA-3's 80 characters; "" when there is none. A longer
   * text is cut where a clause ends ({@code ;}, {@code :}, {@code ,} or before {@code (}) in the
   * second half of the 80, else at a space, so it does not stop mid-phrase.
   */
  static String firstErrorText(List<Finding> findings, Delimiters d) {
    for (Finding f : findings) {
      if (f.isError()) {
        return Er7.escape(fitted(f.message(), 80), d);
      }
    }
    return "";
  }

  /** {@code text}, cut to at most {@code max} characters at a clause end or a space. */
  static String fitted(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int clause = -1;
    for (int i = Math.min(max, text.length() - 1); i > max / 2; i--) {
      char c = text.charAt(i);
      if (c == ' ' && i > 0 && ";:,".indexOf(text.charAt(i - 1)) >= 0) {
        clause = i - 1; // drop the punctuation with the rest
        break;
      }
      if (c == ' ' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        clause = i;
        break;
      }
    }
    if (clause > 0) {
      return text.substring(0, clause);
    }
    int space = text.lastIndexOf(' ', max);
    return text.substring(0, space > max / 2 ? space : max);
  }

  /**
   * How the message's header values are echoed. As received when they are ER7 in the ACK's
   * delimiters, but for control characters, which are not ER7 and are written as hex escapes
   * ({@link Er7#escapeControls}): a sender's MSH-10 holding 0x1C 0x0B or an ESC sequence must not
   * come back raw in MSA-2, where it would cut a relaying bridge's MLLP frame or drive a terminal.
   * When the message's delimiters were unusable ({@code ^~\\&}, a doubled escape character, or a
   * NUL field separator) the ACK falls back to the defaults, and a raw value may hold one of those
   * as plain text: each ACK delimiter that meant something else in the message is escaped, so it
   * cannot shift the ACK's fields (and its MSA-2), while the ones both share are kept, so the
   * sender's own {@code LabFlow^2.16.840…^ISO} comes back as it was sent.
   */
  static UnaryOperator<String> echo(MessageHeader original, Delimiters d) {
    char esc = d.escape();
    if (verbatim(original, d)) {
      return v -> Er7.escapeControls(v, esc);
    }
    String sent = original.encodingCharacters();
    char[] ours = {d.component(), d.repetition(), d.escape(), d.subcomponent()};
    char[] defaults = {
      Delimiters.DEFAULT.component(),
      Delimiters.DEFAULT.repetition(),
      Delimiters.DEFAULT.escape(),
      Delimiters.DEFAULT.subcomponent()
    };
    StringBuilder differing = new StringBuilder();
    if (original.fieldSeparator() != d.field()) {
      differing.append(d.field());
    }
    for (int i = 0; i < ours.length; i++) {
      char theirs = i < sent.length() ? sent.charAt(i) : defaults[i];
      if (theirs != ours[i] || sent.indexOf(theirs) != i && i < sent.length()) {
        differing.append(ours[i]);
      }
    }
    String escaped = differing.toString();
    return v -> Er7.escapeControls(Er7.escape(v, d, escaped), esc);
  }

  /**
   * True when the message's own delimiters are the ACK's: its MSH-1 and the encoding characters it
   * sent (MSH-2 may be short; the missing ones default), so its raw values can be echoed.
   */
  public static boolean verbatim(MessageHeader original, Delimiters d) {
    String sent = original.encodingCharacters();
    String used = d.encodingCharacters();
    return d.field() == original.fieldSeparator()
        && used.startsWith(sent.substring(0, Math.min(sent.length(), used.length())));
  }

  /** Renders an acknowledgement when no MSH could be read: default delimiters, MSA-2 empty. */
  public String renderWithoutHeader(AckCode code, List<Finding> findings, String ackControlId) {
    Delimiters d = Delimiters.DEFAULT;
    StringBuilder out = new StringBuilder(256);
    msh(out, d, SYSTEM_NAME, "", "", "", "ACK", ackControlId, "P", "2.5.1", "", "");
    return tail(out, d, code, "", "", findings, false);
  }

  private void msh(
      StringBuilder out,
      Delimiters d,
      String sendingApp,
      String sendingFacility,
      String receivingApp,
      String receivingFacility,
      String type,
      String controlId,
      String processingId,
      String version,
      String charset,
      String profile) {
    char f = d.field();
    // Header values come echoed (AckWriter.echo): ER7 in these delimiters, controls escaped.
    out.append("MSH").append(f).append(d.encodingCharacters());
    out.append(f).append(sendingApp).append(f).append(sendingFacility);
    out.append(f).append(receivingApp).append(f).append(receivingFacility);
    out.append(f).append(Er7.timestamp(clock)).append(f);
    out.append(f).append(type).append(f).append(Er7.escape(controlId, d));
    out.append(f).append(processingId).append(f).append(version);
    if (!profile.isEmpty()) {
      // An acknowledgement is never itself acknowledged (MSH-15/16 NE), as the IZ ACK profile says.
      out.append(f).append(f).append(f).append("NE").append(f).append("NE").append(f);
      out.append(f).append(charset).append(f).append(f).append(f).append(profile);
    } else if (!charset.isEmpty()) {
      out.append(String.valueOf(f).repeat(6)).append(charset);
    }
    out.append('\r');
  }

  private static String tail(
      StringBuilder out,
      Delimiters d,
      AckCode code,
      String originalControlId,
      String text,
      List<Finding> all,
      boolean immunization) {
    char f = d.field();
    out.append("MSA").append(f).append(code.name()).append(f).append(originalControlId);
    if (!text.isEmpty()) {
      out.append(f).append(text);
    }
    out.append('\r');
    int listed = all.size() <= MAX_ERR_SEGMENTS ? all.size() : MAX_ERR_SEGMENTS - 1;
    // 0357 code 0 is "Message accepted": beside errors (DOSES_REJECTED, FINDINGS_TRUNCATED in an
    // AE) that text would contradict them, so there the code goes without it (CWE-2 is optional).
    boolean errors = all.stream().anyMatch(Finding::isError);
    for (int i = 0; i < listed; i++) {
      err(out, d, all.get(i), errors, immunization);
    }
    if (listed < all.size()) {
      err(out, d, truncated(all.size() - listed), errors, immunization);
    }
    return out.toString();
  }

  /** The last ERR of an acknowledgement that does not list every finding. */
  static Finding truncated(int notListed) {
    return new Finding(
        Severity.I,
        "FINDINGS_TRUNCATED",
        0,
        "",
        notListed
            + " more findings are not listed here; the submission record"
            + " (GET /api/v1/submissions/{id} or ?controlId=) lists them all");
  }

  /**
   * One ERR segment. ERR-5 is the hub's code ({@code CODE^^VIGIL}); in an immunization
   * acknowledgement it is the IZ guide's table 0533 class with the hub's code as the alternate
   * triplet ({@code 5^Table value not found^HL70533^CODE^^VIGIL}, {@link IzErrorClass}), or the
   * hub's code alone in the alternate triplet where 0533 has no class for it.
   */
  private static void err(
      StringBuilder out, Delimiters d, Finding finding, boolean errors, boolean immunization) {
    char f = d.field();
    char c = d.component();
    out.append("ERR").append(f);
    out.append(f).append(erl(finding.location(), d));
    out.append(f).append(finding.hl7ErrorCode()).append(c);
    String text =
        errors && finding.hl7ErrorCode() == 0
            ? ""
            : TABLE_0357.getOrDefault(finding.hl7ErrorCode(), "");
    out.append(Er7.escape(text, d));
    out.append(c).append("HL70357");
    out.append(f).append(finding.severity().name());
    out.append(f);
    if (immunization) {
      Optional<IzErrorClass> izClass = IzErrorClass.of(finding);
      if (izClass.isPresent()) {
        out.append(izClass.get().code()).append(c);
        out.append(Er7.escape(izClass.get().text(), d)).append(c).append("HL70533");
      } else {
        out.append(c).append(c);
      }
      out.append(c);
    }
    out.append(Er7.escape(finding.code(), d)).append(c).append(c).append(SYSTEM_NAME);
    out.append(f).append(f).append(f).append(Er7.escape(finding.message(), d));
    out.append('\r');
  }

  /**
   * An ER7 location as an ERL value: {@code OBX(2)-3} → {@code OBX^2^3}, {@code PID-7} → {@code
   * PID^1^7}, {@code OBX(2)-5(1).2} → {@code OBX^2^5^1^2}; a location already in ERL form keeps its
   * components; anything else is escaped text.
   */
  static String erl(String location, Delimiters d) {
    if (location.isEmpty()) {
      return "";
    }
    char c = d.component();
    if (location.indexOf('^') >= 0) {
      StringBuilder sb = new StringBuilder();
      for (String part : Er7.split(location, '^')) {
        if (sb.length() > 0) {
          sb.append(c);
        }
        sb.append(Er7.escape(part, d));
      }
      return sb.toString();
    }
    Matcher m = LOCATION.matcher(location);
    if (!m.matches()) {
      return Er7.escape(location, d);
    }
    StringBuilder sb = new StringBuilder(m.group(1));
    sb.append(c).append(m.group(2) == null ? "1" : m.group(2));
    if (m.group(3) != null) {
      sb.append(c).append(m.group(3));
      if (m.group(4) != null || m.group(5) != null) {
        sb.append(c).append(m.group(4) == null ? "1" : m.group(4));
      }
      if (m.group(5) != null) {
        sb.append(c).append(m.group(5));
      }
      if (m.group(6) != null) {
        sb.append(c).append(m.group(6));
      }
    }
    return sb.toString();
  }
}
