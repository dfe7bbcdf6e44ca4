package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.deid.PersonKey;
import io.vigil.ingest.deid.ReportableConditions;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Fuzzes what {@code POST /fhir/r4/$process-message} and {@code POST /fhir/r4} do with a body
 * before the database: HAPI's JSON parse ({@link BundleReader}), the Bundle type check, the hub's
 * {@link FhirValidator}, the mapping of an accepted Bundle onto the canonical model and its
 * de-identified events, and the rendered answer. {@link FhirIntake} runs exactly these steps off
 * the event loop; an exception there is a 500. Properties, for both operations: nothing throws; the
 * disposition and HTTP status agree (2xx only for an accepted Bundle with its report, 400 for a
 * reject, 422 for errors) and a refusal names an error finding with a stable code; the answer
 * parses back as FHIR R4 (an OperationOutcome or a response message) and reads back as the same
 * status, as a replay would.
 */
class FhirBundleFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
  private static final FhirExaminer EXAMINER =
      new FhirExaminer(
          new FhirValidator(CvxTable.bundled()),
          new FhirReportMapper(),
          ProfileValidation.off(),
          CLOCK);
  private static final Deidentifier DEID = deidentifier();
  private static final UUID ID = UUID.fromString("01890000-0000-7000-8000-000000000001");

  @FuzzTest
  void everyBodyGetsAStableAnswer(byte[] raw) {
    for (FhirOperation op : FhirOperation.values()) {
      FhirExamination exam = EXAMINER.examine(raw, op);
      if (exam.findings().stream().anyMatch(f -> f.code().equals("INTERNAL_ERROR"))) {
        // The safety net caught a defect: fail with its real stack trace.
        EXAMINER.examineParsed(BundleReader.read(raw), op, "");
        throw new AssertionError("examination hit INTERNAL_ERROR; run alone it did not throw");
      }
      assertThat(exam.disposition()).isNotNull();
      for (Finding f : exam.findings()) {
        assertThat(f.code()).matches("[A-Z][A-Z0-9_]{2,63}");
        assertThat(f.message()).isNotBlank();
      }
      AckCode code = FhirResponses.ackCode(exam.disposition());
      int status = FhirResponses.status(op, code, exam.findings());
      if (exam.disposition() == Disposition.ACCEPT) {
        assertThat(exam.findings()).noneMatch(Finding::isError);
        assertThat(exam.report()).isPresent();
        assertThat(status).isEqualTo(op == FhirOperation.PROCESS_MESSAGE ? 200 : 201);
        FhirIntake.references(exam.report().get());
        DEID.events(exam.report().get(), 7L, ID, CLOCK.instant());
      } else {
        assertThat(exam.findings()).anyMatch(Finding::isError);
        assertThat(exam.report()).isEmpty();
        assertThat(status).isEqualTo(exam.disposition() == Disposition.REJECT ? 400 : 422);
      }
      String body = FhirResponses.render(exam, code, ID, CLOCK.instant(), "urn:vigil:hub");
      assertAnswer(body, op, exam, code);
      assertThat(FhirResponses.storedStatus(op, body)).isEqualTo(status);
      assertAnswer(
          FhirResponses.renderNotStored(exam, CLOCK.instant(), "urn:vigil:hub"),
          op,
          exam,
          AckCode.AR);
    }
  }

  /** The answer is FHIR R4 a client can read: an OperationOutcome, or a response message. */
  private static void assertAnswer(String body, FhirOperation op, FhirExamination exam, AckCode c) {
    IBaseResource answer = Fhir.context().newJsonParser().parseResource(body);
    OperationOutcome outcome;
    if (op == FhirOperation.PROCESS_MESSAGE && exam.header().isPresent()) {
      Bundle response = (Bundle) answer;
      assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
      MessageHeader h = (MessageHeader) response.getEntryFirstRep().getResource();
      assertThat(h.getResponse().getCode()).isNotNull();
      if (c == AckCode.AA) {
        assertThat(h.getResponse().getCode().toCode()).isEqualTo("ok");
      }
      outcome = (OperationOutcome) response.getEntry().get(1).getResource();
    } else {
      outcome = (OperationOutcome) answer;
    }
    assertThat(outcome.getIssue()).isNotEmpty();
  }

  private static Deidentifier deidentifier() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    return new Deidentifier(
        new PersonKey(secret),
        ReportableConditions.bundled(),
        CvxTable.bundled(),
        ZoneId.of("America/Chicago"),
        io.vigil.ingest.deid.DeidConfig.ALL_PROCESSING_IDS);
  }
}
