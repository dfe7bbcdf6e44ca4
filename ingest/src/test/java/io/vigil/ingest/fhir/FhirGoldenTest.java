package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases: each {@code fhir/<case>.json} with the disposition, HTTP status and finding codes
 * it must produce; the rendered answer must itself parse as FHIR R4 (an OperationOutcome, or a
 * response message Bundle whose MessageHeader.response.code matches).
 */
class FhirGoldenTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
  static final FhirExaminer EXAMINER =
      new FhirExaminer(
          new FhirValidator(CvxTable.bundled()),
          new FhirReportMapper(),
          ProfileValidation.off(),
          CLOCK);

  static Stream<Arguments> cases() {
    FhirOperation msg = FhirOperation.PROCESS_MESSAGE;
    FhirOperation bun = FhirOperation.SUBMIT_BUNDLE;
    return Stream.of(
        // case, operation, disposition, status, errors, warnings (subset that must be present)
        c("lab_message", msg, Disposition.ACCEPT, 200, List.of(), List.of()),
        c("immunization_message", msg, Disposition.ACCEPT, 200, List.of(), List.of()),
        c("lab_transaction", bun, Disposition.ACCEPT, 201, List.of(), List.of("ELEMENT_UNKNOWN")),
        c("lab_batch", bun, Disposition.ACCEPT, 201, List.of(), List.of()),
        c("lab_collection", bun, Disposition.ACCEPT, 201, List.of(), List.of()),
        // An eICR-shaped document (Composition first): its lab results are read.
        c("lab_document", bun, Disposition.ACCEPT, 201, List.of(), List.of()),
        c(
            "missing_loinc",
            msg,
            Disposition.ERROR,
            422,
            List.of("OBSERVATION_CODE_MISSING"),
            List.of()),
        c(
            "local_code_only",
            msg,
            Disposition.ACCEPT,
            200,
            List.of(),
            List.of("OBSERVATION_CODE_NO_LOINC")),
        c(
            "bad_loinc_check_digit",
            msg,
            Disposition.ERROR,
            422,
            List.of("OBSERVATION_CODE_LOINC_CHECK_DIGIT"),
            List.of()),
        c("bad_cvx", msg, Disposition.ERROR, 422, List.of("VACCINE_CVX_UNKNOWN"), List.of()),
        c(
            "dangling_reference",
            msg,
            Disposition.ERROR,
            422,
            List.of("REFERENCE_UNRESOLVED"),
            List.of()),
        c(
            "future_dates",
            msg,
            Disposition.ERROR,
            422,
            List.of("SPECIMEN_COLLECTED_FUTURE", "OBSERVATION_ISSUED_FUTURE"),
            List.of()),
        c(
            "no_identifier",
            msg,
            Disposition.ACCEPT,
            200,
            List.of(),
            List.of("BUNDLE_IDENTIFIER_MISSING")),
        c("value_wrong_type", msg, Disposition.ERROR, 422, List.of("VALUE_INVALID"), List.of()),
        c(
            "wrong_resource_type",
            msg,
            Disposition.REJECT,
            400,
            List.of("RESOURCE_TYPE_UNKNOWN"),
            List.of()),
        c("not_a_bundle", bun, Disposition.REJECT, 400, List.of("NOT_A_BUNDLE"), List.of()),
        c("malformed", bun, Disposition.REJECT, 400, List.of("JSON_MALFORMED"), List.of()),
        c("ndjson", bun, Disposition.REJECT, 400, List.of("NDJSON_NOT_ACCEPTED"), List.of()),
        c(
            "lab_document",
            msg,
            Disposition.REJECT,
            400,
            List.of("BUNDLE_TYPE_UNSUPPORTED"),
            List.of()),
        c(
            "lab_message",
            bun,
            Disposition.REJECT,
            400,
            List.of("BUNDLE_TYPE_UNSUPPORTED"),
            List.of()),
        c(
            "lab_collection",
            msg,
            Disposition.REJECT,
            400,
            List.of("BUNDLE_TYPE_UNSUPPORTED"),
            List.of()));
  }

  private static Arguments c(
      String name,
      FhirOperation op,
      Disposition d,
      int status,
      List<String> errors,
      List<String> warnings) {
    return Arguments.of(name, op, d, status, errors, warnings);
  }

  /** Examines {@code bundle} as a $process-message body. */
  static FhirExamination examine(Bundle bundle) {
    byte[] body =
        Fhir.context()
            .newJsonParser()
            .encodeResourceToString(bundle)
            .getBytes(StandardCharsets.UTF_8);
    return EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE);
  }

  /** A CodeableConcept of one coding, as JSON: for tests that edit a fixture. */
  static io.vertx.core.json.JsonObject concept(String system, String code) {
    return new io.vertx.core.json.JsonObject()
        .put(
            "coding",
            new io.vertx.core.json.JsonArray()
                .add(new io.vertx.core.json.JsonObject().put("system", system).put("code", code)));
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = FhirGoldenTest.class.getResourceAsStream("/fhir/" + name + ".json")) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("cases")
  void examinesAndAnswersAsExpected(
      String name,
      FhirOperation op,
      Disposition disposition,
      int status,
      List<String> errors,
      List<String> warnings)
      throws IOException {
    FhirExamination exam = EXAMINER.examine(fixture(name), op);

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(disposition);
    assertThat(codes(exam, true)).containsAll(errors);
    assertThat(codes(exam, false)).containsAll(warnings);
    if (disposition == Disposition.ACCEPT) {
      assertThat(codes(exam, true)).as("no errors on an accepted bundle").isEmpty();
      assertThat(exam.report()).isPresent();
      assertThat(exam.facilityId()).isEqualTo("05D0000001");
    } else {
      assertThat(exam.report()).isEmpty();
    }
    AckCode code = FhirResponses.ackCode(exam.disposition());
    assertThat(FhirResponses.status(op, code, exam.findings())).isEqualTo(status);

    UUID id = UUID.randomUUID();
    String body = FhirResponses.render(exam, code, id, CLOCK.instant(), "urn:vigil:hub");
    IBaseResource answer = Fhir.context().newJsonParser().parseResource(body);
    OperationOutcome outcome;
    if (op == FhirOperation.PROCESS_MESSAGE && exam.header().isPresent()) {
      Bundle response = (Bundle) answer;
      assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
      MessageHeader h = (MessageHeader) response.getEntryFirstRep().getResource();
      assertThat(h.getResponse().getCode().toCode())
          .isEqualTo(code == AckCode.AA ? "ok" : "fatal-error");
      assertThat(h.getResponse().getIdentifier()).isEqualTo("6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0000");
      outcome = (OperationOutcome) response.getEntry().get(1).getResource();
    } else {
      outcome = (OperationOutcome) answer;
    }
    assertThat(outcome.getIssue())
        .anySatisfy(i -> assertThat(i.getDiagnostics()).contains(id.toString()));
    for (String e : errors) {
      assertThat(outcome.getIssue())
          .anySatisfy(
              i -> {
                assertThat(i.getDetails().getCodingFirstRep().getCode()).isEqualTo(e);
                assertThat(i.getSeverity().toCode())
                    .isEqualTo(disposition == Disposition.REJECT ? "fatal" : "error");
              });
    }
    assertThat(FhirResponses.storedStatus(op, body)).isEqualTo(status);
  }

  private static List<String> codes(FhirExamination exam, boolean errors) {
    return exam.findings().stream().filter(f -> f.isError() == errors).map(Finding::code).toList();
  }
}
