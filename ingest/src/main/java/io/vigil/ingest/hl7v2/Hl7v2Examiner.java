package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Hl7v2ReportMapper;
import io.vigil.ingest.deid.CultureIsolates;
import io.vigil.ingest.deid.ReportableConditions;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.ElrValidator;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.MessageValidator;
import io.vigil.ingest.validation.SafeText;
import io.vigil.ingest.validation.VxuValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point the receivers call for an HL7 v2 message: decode the bytes, read the header
 * leniently, decide whether the hub supports the message (2.5.1; {@code ORU^R01} or {@code
 * VXU^V04}; processing id P, T or D), parse it with HAPI and validate it. Never throws: an
 * unexpected failure becomes a REJECT with HL7 error 207. Thread-safe; share one instance.
 */
public final class Hl7v2Examiner {

  private static final Logger LOG = LoggerFactory.getLogger(Hl7v2Examiner.class);
  private static final Set<String> PROCESSING_IDS = Set.of("P", "T", "D");

  /** The code of a failure of the hub's own while examining a message. */
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  /**
   * Longest MSH-10 and MSH-4 identifier taken: HL7 v2.7's length for MSH-10 and an HD universal id
   * (v2.5.1 says 20 for MSH-10, but real senders use UUIDs and longer). It keeps the idempotency
   * key far inside what the database can index ({@link io.vigil.ingest.store.StorableText}).
   */
  public static final int MAX_IDENTIFIER_LENGTH = 199;

  /** An MSH-18 value that may be quoted back (table 0211 values are of this shape). */
  private static final Pattern CHARSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./_-]{0,19}");

  private final Clock clock;
  private final Hl7Parser parser;
  private final MessageValidator elr;
  private final MessageValidator vxu;

  /**
   * An examiner with the bundled CVX table and reportable-condition value set; {@code clock}
   * decides what "the future" is.
   */
  public Hl7v2Examiner(Clock clock) {
    this(clock, ReportableConditions.bundled());
  }

  /**
   * An examiner with the bundled CVX table and the value set the trends count by ({@code
   * reportable}: a jurisdiction's own where it replaces the bundled one).
   */
  public Hl7v2Examiner(Clock clock, ReportableConditions conditions) {
    this(clock, new Hl7Parser(), CvxTable.bundled(), conditions);
  }

  /** An examiner with explicit collaborators (tests, or a refreshed CVX table). */
  public Hl7v2Examiner(Clock clock, Hl7Parser parser, CvxTable cvx) {
    this(clock, parser, cvx, ReportableConditions.bundled());
  }

  /**
   * An examiner that asks {@code conditions} (a jurisdiction's value set, the one the trends count
   * by) which tests are cultures, whose isolates sent as text it names, and whether a reportable
   * order's results count.
   */
  public Hl7v2Examiner(
      Clock clock, Hl7Parser parser, CvxTable cvx, ReportableConditions conditions) {
    this.clock = Objects.requireNonNull(clock);
    this.parser = Objects.requireNonNull(parser);
    this.elr = new ElrValidator(new CultureIsolates(conditions), conditions);
    this.vxu = new VxuValidator(cvx);
  }

  /** Examines the exact bytes of one received message (not a batch: split batches first). */
  public Examination examine(byte[] raw) {
    DecodedMessage decoded = null;
    try {
      decoded = Hl7Decoder.decode(raw);
      return examine(decoded);
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(decoded, e);
    }
  }

  /**
   * Examines one already decoded message, e.g. one of the texts {@link Hl7Batch#split} returned,
   * with the charset of the batch it came in.
   */
  public Examination examine(DecodedMessage decoded) {
    Optional<MessageHeader> header = Optional.empty();
    try {
      header = MshReader.read(decoded.text());
      return examine(decoded, header);
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(decoded, e);
    }
  }

  private Examination examine(DecodedMessage decoded, Optional<MessageHeader> header) {
    if (Hl7Batch.isBatch(decoded.text())) {
      return reject(
          decoded,
          header,
          Finding.error(
              "BATCH_NOT_SPLIT", 100, "", "A batch (FHS/BHS) must be split into its messages"));
    }
    if (header.isEmpty()) {
      return reject(
          decoded, header, Finding.error("MSH_MISSING", 100, "MSH", "No MSH segment was found"));
    }
    MessageHeader h = header.get();
    Optional<Finding> unsupported = unsupported(h);
    if (unsupported.isPresent()) {
      return reject(decoded, header, unsupported.get());
    }
    // A line break typed into a value splits its segment: the line is joined back before parsing.
    LineBreaksInValues.Joined joined = LineBreaksInValues.join(decoded.text());
    // A segment id in lower case is read in capitals: HAPI knows no "obx".
    SegmentIdCase.Read ids = SegmentIdCase.of(joined.text());
    // A note where ORU^R01 allows none would make HAPI lose every segment after it.
    MisplacedSegments.SetAside notes =
        h.messageCode().equals("ORU")
            ? MisplacedSegments.of(ids.text())
            : new MisplacedSegments.SetAside(ids.text(), List.of());
    Hl7Parser.Result parsed = parser.parse(notes.text());
    if (!parsed.parsed()) {
      return reject(decoded, header, parsed.failure());
    }
    MessageValidator validator = h.messageCode().equals("ORU") ? elr : vxu;
    // A run-on segment first: it is the cause of the missing-segment findings that follow it.
    List<Finding> findings = new ArrayList<>(RunOnSegments.find(ids.text(), h.fieldSeparator()));
    findings.addAll(joined.findings());
    findings.addAll(ids.findings());
    findings.addAll(UnknownSegments.find(ids.text(), h.fieldSeparator()));
    if (!Hl7Parser.hasUsableEncodingCharacters(ids.text())) {
      if (!Hl7Parser.isReadAllTheSame(ids.text())) {
        return reject(
            decoded,
            header,
            Finding.error(
                "MSH2_INVALID",
                102,
                "MSH-2",
                "MSH-2 encoding characters must be four distinct separators (component,"
                    + " repetition, escape, subcomponent), normally ^~\\&: with one character"
                    + " for two of them the message cannot be read as meant"));
      }
      // Read all the same (HAPI takes the first four), but its acknowledgement cannot use them.
      findings.add(
          Finding.warning(
              "MSH2_NOT_STANDARD",
              102,
              "MSH-2",
              "MSH-2 encoding characters are not four distinct separators (a doubled escape"
                  + " character, as a string-escaping bug writes it, or characters after the"
                  + " four): the message was read, but its acknowledgement uses the standard"
                  + " ones; send caret, tilde, backslash, ampersand"));
    }
    findings.addAll(validator.validate(parsed.message(), clock.instant()));
    findings.addAll(notes.findings());
    charsetFinding(decoded, h).ifPresent(findings::add);
    boolean errors = findings.stream().anyMatch(Finding::isError);
    Optional<CanonicalReport> report =
        errors ? Optional.empty() : Hl7v2ReportMapper.map(parsed.message(), h.senderFacilityId());
    Optional<Set<Integer>> rejected =
        errors && parsed.message() instanceof VXU_V04 vxu
            ? RejectedDoses.of(findings)
                .filter(r -> r.size() < VxuValidator.administrations(vxu).size())
            : Optional.empty();
    if (rejected.isPresent()) {
      // Segment-group rejection: the doses in error are left out, the others are used.
      report = Hl7v2ReportMapper.map(parsed.message(), h.senderFacilityId(), rejected.get());
      findings.add(RejectedDoses.notice(rejected.get()));
    }
    findings.sort(Comparator.comparing(Finding::severity));
    return new Examination(
        decoded,
        header,
        messageType(h),
        errors ? Disposition.ERROR : Disposition.ACCEPT,
        findings,
        report);
  }

  /**
   * A warning when MSH-18 did not say how the bytes are encoded: the message was still read (from
   * the bytes themselves), but the sender's declaration is wrong and other receivers may misread
   * its names.
   */
  static Optional<Finding> charsetFinding(DecodedMessage decoded, MessageHeader h) {
    String declared =
        CHARSET_NAME.matcher(h.characterSet()).matches() ? " '" + h.characterSet() + "'" : "";
    String readAs = "; the message was read as " + decoded.charset().name();
    return switch (decoded.source()) {
      case DECLARED_UNKNOWN ->
          Optional.of(
              Finding.warning(
                  "MSH18_UNKNOWN",
                  103,
                  "MSH-18",
                  "MSH-18 character set" + declared + " is not one this hub reads" + readAs));
      case DECLARED_NOT_MATCHING ->
          mismatch(declared, " but the bytes are not valid in that character set" + readAs);
      case DECLARED_SINGLE_BYTE_SENT_UTF8 ->
          mismatch(
              declared,
              " but the bytes are UTF-8 (multi-byte sequences such as é written as two bytes);"
                  + " the message was read as UTF-8: declare UNICODE UTF-8");
      case MIXED ->
          Optional.of(
              Finding.warning(
                  "CHARSET_MIXED",
                  102,
                  "MSH-18",
                  "The message mixes character sets: UTF-8 text with bytes that are not UTF-8 (a"
                      + " character typed in another set, such as a Latin-1 é or °, or one cut in"
                      + " half); each such byte was read as windows-1252 and the rest as UTF-8, so"
                      + " a name may read differently from the sender's other messages: send the"
                      + " whole message in one character set, declared in MSH-18"));
      default -> Optional.empty();
    };
  }

  private static Optional<Finding> mismatch(String declared, String why) {
    return Optional.of(
        Finding.warning("MSH18_MISMATCH", 102, "MSH-18", "MSH-18 declares" + declared + why));
  }

  /**
   * The reason the hub does not take this message at all, if any: HL7 0357 codes 200-203, or 102
   * for an identifier too long to keep as a key.
   */
  static Optional<Finding> unsupported(MessageHeader h) {
    // Rejections name what was received (when it is a short code) so whoever reads the ACK
    // knows what to change without the message in hand.
    String version = h.versionId();
    if (!version.equals("2.5.1")) {
      return Optional.of(
          Finding.error(
              "MSH12_UNSUPPORTED_VERSION",
              203,
              "MSH-12",
              version.isEmpty()
                  ? "MSH-12 version id is missing; only HL7 version 2.5.1 is accepted"
                  : "HL7 version"
                      + SafeText.quote(version)
                      // Short enough for MSA-3 (80 characters), where pre-2.5 engines read it.
                      + " is not accepted; send HL7 v2.5.1"));
    }
    String code = h.messageCode();
    String trigger = h.triggerEvent();
    if (code.isEmpty()) {
      return Optional.of(
          Finding.error("MSH9_MISSING", 101, "MSH-9", "MSH-9 message type is missing"));
    }
    if (!code.equals("ORU") && !code.equals("VXU")) {
      return Optional.of(
          Finding.error(
              "MSH9_UNSUPPORTED_TYPE",
              200,
              "MSH-9",
              "Message type"
                  + SafeText.quote(code)
                  + " is not accepted; this hub accepts lab results (ORU R01) and immunizations"
                  + " (VXU V04)"));
    }
    String expectedTrigger = code.equals("ORU") ? "R01" : "V04";
    if (!trigger.equals(expectedTrigger)) {
      return Optional.of(
          Finding.error(
              "MSH9_UNSUPPORTED_EVENT",
              201,
              "MSH-9",
              (trigger.isEmpty()
                      ? "MSH-9 names no trigger event"
                      : "Trigger event" + SafeText.quote(trigger) + " is not accepted")
                  + "; "
                  + code
                  + " is accepted with "
                  + expectedTrigger
                  + " only"));
    }
    String structure = h.messageStructure();
    if (!structure.isEmpty() && !structure.equals(code + "_" + expectedTrigger)) {
      return Optional.of(
          Finding.error(
              "MSH9_UNSUPPORTED_STRUCTURE",
              200,
              "MSH-9",
              "MSH-9.3 message structure"
                  + SafeText.quote(structure)
                  + " is not accepted; it must be "
                  + code
                  + "_"
                  + expectedTrigger
                  + " (or empty)"));
    }
    Optional<String> other = code.equals("ORU") ? OruProfiles.notLabReport(h) : Optional.empty();
    if (other.isPresent()) {
      return Optional.of(
          Finding.error(
              "MSH21_NOT_LAB_REPORT",
              200,
              "MSH-21",
              "MSH-21 names "
                  + other.get()
                  + ", not a lab report: this hub takes electronic lab reports (ELR) and"
                  + " immunizations; send it where such messages go"));
    }
    if (h.controlId().length() > MAX_IDENTIFIER_LENGTH) {
      return Optional.of(
          Finding.error(
              "MSH10_TOO_LONG",
              102,
              "MSH-10",
              "MSH-10 message control id is longer than " + MAX_IDENTIFIER_LENGTH + " characters"));
    }
    if (h.senderFacilityId().length() > MAX_IDENTIFIER_LENGTH) {
      return Optional.of(
          Finding.error(
              "MSH4_TOO_LONG",
              102,
              "MSH-4",
              "MSH-4 sending facility identifier is longer than "
                  + MAX_IDENTIFIER_LENGTH
                  + " characters"));
    }
    if (!PROCESSING_IDS.contains(h.processingId())) {
      return Optional.of(
          Finding.error(
              "MSH11_UNSUPPORTED",
              202,
              "MSH-11",
              "MSH-11 processing id"
                  + SafeText.quote(h.processingId())
                  + " is not one of P, T or D"));
    }
    return Optional.empty();
  }

  private static Examination reject(
      DecodedMessage decoded, Optional<MessageHeader> header, Finding finding) {
    String type = header.map(Hl7v2Examiner::messageType).orElse("");
    return new Examination(decoded, header, type, Disposition.REJECT, List.of(finding));
  }

  private static Examination internalError(DecodedMessage decoded, Throwable e) {
    // Only the exception type: its message could quote message content.
    LOG.warn("HL7 v2 examination failed [error: {}]", e.getClass().getName());
    DecodedMessage d =
        decoded != null ? decoded : new DecodedMessage("", StandardCharsets.ISO_8859_1);
    Optional<MessageHeader> header = Optional.empty();
    try {
      header = MshReader.read(d.text());
    } catch (RuntimeException ignored) {
      // Already failing; answer without a header.
    }
    return reject(
        d,
        header,
        Finding.error(
            "INTERNAL_ERROR",
            207,
            "",
            "Internal error while examining the message: it is stored; tell the hub's operators,"
                + " and send it again once they have fixed it"));
  }

  private static String messageType(MessageHeader h) {
    if (h.messageCode().isEmpty()) {
      return "";
    }
    return h.triggerEvent().isEmpty() ? h.messageCode() : h.messageCode() + "^" + h.triggerEvent();
  }
}
