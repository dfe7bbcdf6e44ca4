package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckPolicy;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.intake.IntakeResult;
import io.vigil.ingest.intake.RateLimitConfig;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.ElrValidator;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.VxuValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the whole examination path that decides an HL7 v2 acknowledgement (decode, lenient MSH
 * read, support checks, HAPI parse, ELR/IZ validation), then renders the acknowledgement for every
 * outcome (stored or not, and the over-size refusal). Properties: nothing throws; no input ends in
 * the examiner's {@code INTERNAL_ERROR} safety net (that would be an unexpected exception somewhere
 * on the path); a reject always carries a finding; and every acknowledgement is well-formed ER7 (no
 * raw control character but the segment ends) — one MSH, one MSA whose MSA-1 is the decided code
 * and MSA-2 the message's MSH-10, then exactly one ERR per finding, readable back with the ACK's
 * own delimiters.
 */
class Hl7v2ExaminerFuzzTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
  private static final Hl7v2Examiner EXAMINER = new Hl7v2Examiner(CLOCK);
  private static final AckWriter ACKS = new AckWriter(CLOCK);
  private static final Hl7v2Intake INTAKE =
      new Hl7v2Intake(
          EXAMINER,
          ACKS,
          null,
          null,
          new IngestMetrics(new SimpleMeterRegistry()),
          Runnable::run,
          CLOCK,
          null,
          RateLimitConfig.off());

  @FuzzTest
  void everyMessageGetsAWellFormedAcknowledgement(byte[] raw) {
    Examination exam = EXAMINER.examine(raw);
    if (exam.findings().stream().anyMatch(f -> f.code().equals("INTERNAL_ERROR"))) {
      rethrowUnexpected(raw); // fails with the real stack trace
    }
    assertThat(exam.disposition()).isNotNull();
    if (exam.disposition() != Disposition.ACCEPT) {
      assertThat(exam.findings()).anyMatch(Finding::isError);
    }
    Optional<MessageHeader> header = exam.header();
    header.ifPresent(
        h -> {
          h.senderFacilityId();
          if (exam.disposition() != Disposition.REJECT) {
            ReferenceInstants.of(exam.decoded().text(), h);
          }
        });
    for (boolean stored : new boolean[] {true, false}) {
      AckPolicy.Decision decision = AckPolicy.decide(header, exam.disposition(), stored);
      List<Finding> findings = AckPolicy.findingsFor(exam, stored);
      String ack = ACKS.render(header, decision.code(), findings, "ACK-1");
      assertWellFormed(ack, decision.code(), expectedMsa2(header), findings.size());
    }
    IntakeResult tooLarge = INTAKE.rejectOversized(raw, raw.length + 1L, "mllp");
    assertThat(tooLarge.stored()).isFalse();
    assertWellFormed(
        tooLarge.ackText(),
        tooLarge.ackCode(),
        expectedMsa2(tooLarge.examination().header()),
        tooLarge.examination().findings().size());
    assertThat(tooLarge.ackBytes()).isNotEmpty();
    IntakeResult busy = INTAKE.rejectBusy(raw, "mllp");
    assertThat(busy.stored()).isFalse();
    assertThat(busy.ackCode()).isIn(AckCode.AR, AckCode.CE);
    assertWellFormed(
        busy.ackText(),
        busy.ackCode(),
        expectedMsa2(busy.examination().header()),
        busy.examination().findings().size());
  }

  /**
   * MSH-10 as it must appear in MSA-2: verbatim, or, when the ACK has other delimiters than the
   * message, with each ACK delimiter escaped that meant something else (or nothing) in the message;
   * a delimiter both share is kept, so the value reads as the sender wrote it; control characters
   * as hex escapes either way.
   */
  static String expectedMsa2(Optional<MessageHeader> header) {
    if (header.isEmpty()) {
      return "";
    }
    MessageHeader h = header.get();
    Delimiters d = Delimiters.of(h.fieldSeparator(), h.encodingCharacters());
    if (AckWriter.verbatim(h, d)) {
      return Er7.escapeControls(h.controlIdAsSent(), d.escape());
    }
    String sent = h.encodingCharacters();
    String ours = d.encodingCharacters();
    String defaults = Delimiters.DEFAULT.encodingCharacters();
    StringBuilder out = new StringBuilder();
    for (char ch : h.controlIdAsSent().toCharArray()) {
      int role = ours.indexOf(ch);
      boolean shared;
      if (ch == d.field()) {
        shared = ch == h.fieldSeparator();
      } else if (role >= 0) {
        char theirs = role < sent.length() ? sent.charAt(role) : defaults.charAt(role);
        shared = theirs == ch && (role >= sent.length() || sent.indexOf(ch) == role);
      } else {
        shared = true; // no delimiter of the ACK
      }
      out.append(shared ? String.valueOf(ch) : Er7.escape(String.valueOf(ch), d));
    }
    return Er7.escapeControls(out.toString(), d.escape());
  }

  /** Asserts the ACK's structure, reading it back as a receiver would. */
  static void assertWellFormed(String ack, AckCode code, String controlId, int errCount) {
    assertThat(ack).startsWith("MSH").endsWith("\r");
    // No raw control but the segment ends: a 0x1C or 0x0B would cut a relaying MLLP frame.
    assertThat(ack.chars().filter(c -> c != '\r' && Character.isISOControl(c))).isEmpty();
    List<String> segments = Er7.split(ack.substring(0, ack.length() - 1), '\r');
    // At most MAX_ERR_SEGMENTS: beyond that the last ERR is FINDINGS_TRUNCATED.
    assertThat(segments).hasSize(2 + Math.min(errCount, AckWriter.MAX_ERR_SEGMENTS));
    if (errCount > AckWriter.MAX_ERR_SEGMENTS) {
      assertThat(segments.get(segments.size() - 1)).contains("FINDINGS_TRUNCATED");
    }
    MessageHeader ackHeader = MshReader.read(ack).orElseThrow();
    assertThat(ackHeader.controlId()).isNotEmpty();
    char fs = ackHeader.fieldSeparator();
    List<String> msa = Er7.split(segments.get(1), fs);
    assertThat(msa.get(0)).isEqualTo("MSA");
    assertThat(msa.get(1)).isEqualTo(code.name());
    assertThat(msa.get(2)).isEqualTo(controlId);
    // MSA-3 (the first error's text) only for a message of v2.4 or earlier, whose engines read
    // the reason there: never empty, at most 80 characters before escaping.
    assertThat(msa.size()).isBetween(3, 4);
    if (msa.size() == 4) {
      assertThat(errCount).isPositive();
      assertThat(msa.get(3)).isNotBlank();
      assertThat(ackHeader.versionId()).matches("2\\.[1-4].*");
    }
    for (String err : segments.subList(2, segments.size())) {
      List<String> fields = Er7.split(err, fs);
      assertThat(fields.get(0)).isEqualTo("ERR");
      assertThat(fields).hasSize(9);
    }
  }

  /** Re-runs the examination steps without the examiner's safety net, so the cause surfaces. */
  private static void rethrowUnexpected(byte[] raw) {
    DecodedMessage decoded = Hl7Decoder.decode(raw);
    Optional<MessageHeader> header = MshReader.read(decoded.text());
    Hl7Batch.isBatch(decoded.text());
    header.ifPresent(Hl7v2Examiner::unsupported);
    Hl7Parser.Result parsed = new Hl7Parser().parse(decoded.text());
    if (parsed.parsed()) {
      boolean elr = header.map(MessageHeader::messageCode).orElse("").equals("ORU");
      (elr ? new ElrValidator() : new VxuValidator(CvxTable.bundled()))
          .validate(parsed.message(), CLOCK.instant());
    }
    throw new AssertionError("examination hit INTERNAL_ERROR; the steps alone did not throw");
  }
}
