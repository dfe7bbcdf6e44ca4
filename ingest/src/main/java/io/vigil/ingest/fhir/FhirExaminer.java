package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Examines one FHIR body: read it ({@link BundleReader}), check the Bundle type fits the operation,
 * validate ({@link FhirValidator}, plus opt-in profile validation), and map an accepted Bundle onto
 * the canonical model. Thread-safe; CPU-bound (run it off the event loop).
 */
public final class FhirExaminer {
  private static final Logger LOG = LoggerFactory.getLogger(FhirExaminer.class);
  private final FhirValidator validator;
  private final FhirReportMapper mapper;
  private final ProfileValidation profiles;
  private final Clock clock;

  public FhirExaminer(
      FhirValidator validator, FhirReportMapper mapper, ProfileValidation profiles, Clock clock) {
    this.validator = validator;
    this.mapper = mapper;
    this.profiles = profiles;
    this.clock = clock;
  }

  /** Examines a body from a client the hub knows no sending facility of (dev mode, offline). */
  public FhirExamination examine(byte[] raw, FhirOperation operation) {
    return examine(raw, operation, "");
  }

  /**
   * Examines a body.
   *
   * @param credentialsFacility the facility id of the sender the client's credentials are bound to,
   *     or "" when they name none: the sending facility of a Bundle that names none itself
   */
  public FhirExamination examine(byte[] raw, FhirOperation operation, String credentialsFacility) {
    BundleReader.Read read;
    try {
      read = BundleReader.read(raw);
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(operation, Optional.empty(), e);
    }
    if (!read.parsed()) {
      return rejected(operation, Optional.empty(), "", "", read.findings());
    }
    try {
      return examineParsed(read, operation, credentialsFacility);
    } catch (RuntimeException | StackOverflowError e) {
      return internalError(operation, Optional.of(read.bundle()), e);
    }
  }

  /**
   * A defect of the hub's, met on this body: it is refused ({@code INTERNAL_ERROR}, HTTP 500) but
   * still stored for audit, under its sender where the Bundle names one, as an HL7 v2 message is.
   */
  private static FhirExamination internalError(
      FhirOperation operation, Optional<Bundle> bundle, Throwable e) {
    // Only the exception type: its message could quote the Bundle's content.
    LOG.warn("FHIR examination failed [error: {}]", e.getClass().getName());
    String facility = "";
    String type = "";
    try {
      facility = bundle.map(b -> BundleSender.facilityOf(new BundleIndex(b))).orElse("");
      type = bundle.filter(Bundle::hasType).map(b -> "Bundle/" + b.getType().toCode()).orElse("");
    } catch (RuntimeException ignored) {
      // Already failing; answer without them.
    }
    // No control id: the resend after the fix is examined again, not answered as this one was.
    return new FhirExamination(
        operation,
        bundle,
        type,
        facility,
        null,
        Disposition.REJECT,
        List.of(
            Finding.error(
                "INTERNAL_ERROR",
                207,
                "Bundle",
                "Internal error while examining the Bundle: it is stored; tell the hub's"
                    + " operators, and send it again once they have fixed it")),
        Optional.empty());
  }

  /** The examination of a parsed body, without the safety net (tests: the real stack trace). */
  FhirExamination examineParsed(
      BundleReader.Read read, FhirOperation operation, String credentialsFacility) {
    Bundle bundle = read.bundle();
    // An unknown type code parses (with a VALUE_INVALID finding) into an element without a value.
    Bundle.BundleType bundleType = bundle.hasType() ? bundle.getType() : null;
    String type = "Bundle/" + (bundleType != null ? bundleType.toCode() : "");
    BundleIndex index = new BundleIndex(bundle);
    String facility = BundleSender.facilityOf(index);
    List<Finding> findings = new ArrayList<>(read.findings());
    Optional<Finding> wrongType = typeProblem(bundle, operation);
    if (wrongType.isPresent()) {
      findings.add(0, wrongType.get());
      return rejected(operation, Optional.of(bundle), type, facility, findings);
    }
    findings.addAll(validator.validate(index, clock.instant()));
    if (facility.isEmpty()) {
      String at =
          BundleSender.header(bundle).isPresent() ? "Bundle.entry[0].resource.sender" : "Bundle";
      if (credentialsFacility.isEmpty()) {
        findings.add(
            Finding.error(
                "SENDER_MISSING",
                101,
                at,
                "No sending facility: name an Organization with an identifier (e.g. CLIA) as"
                    + " MessageHeader.sender or performer"));
      } else {
        // The hub keys senders and resends by facility; the credentials name it, as for an
        // immunization message without MSH-4.
        findings.add(
            Finding.warning(
                "SENDER_MISSING",
                101,
                at,
                "No sending facility in the Bundle; taken from the client's credentials"));
        facility = credentialsFacility;
      }
    }
    findings.addAll(profiles.validateIfDue(bundle));
    findings.sort((a, b) -> Boolean.compare(b.isError(), a.isError()));
    boolean errors = findings.stream().anyMatch(Finding::isError);
    Optional<CanonicalReport> report = errors ? Optional.empty() : Optional.of(mapper.map(index));
    return new FhirExamination(
        operation,
        Optional.of(bundle),
        type,
        facility,
        controlId(bundle),
        errors ? Disposition.ERROR : Disposition.ACCEPT,
        findings,
        report);
  }

  private static FhirExamination rejected(
      FhirOperation op, Optional<Bundle> bundle, String type, String facility, List<Finding> f) {
    return new FhirExamination(
        op,
        bundle,
        type,
        facility,
        bundle.map(FhirExaminer::controlId).orElse(null),
        Disposition.REJECT,
        f,
        Optional.empty());
  }

  private static Optional<Finding> typeProblem(Bundle bundle, FhirOperation operation) {
    if (!bundle.hasType()) {
      return Optional.of(
          Finding.error("BUNDLE_TYPE_MISSING", 101, "Bundle.type", "Bundle.type is missing"));
    }
    if (bundle.getType() == null) {
      return Optional.of(
          Finding.error(
              "BUNDLE_TYPE_UNKNOWN",
              103,
              "Bundle.type",
              "Bundle.type is not an R4 bundle-type code (message, transaction, batch, …)"));
    }
    if (!operation.accepts(bundle.getType())) {
      String hint =
          operation == FhirOperation.PROCESS_MESSAGE
              ? "$process-message takes a Bundle of type message"
              : bundle.getType() == Bundle.BundleType.MESSAGE
                  ? "send message Bundles to $process-message"
                  : "this endpoint takes transaction, batch, collection, document or searchset"
                      + " Bundles";
      return Optional.of(
          Finding.error(
              "BUNDLE_TYPE_UNSUPPORTED",
              200,
              "Bundle.type",
              "Bundle type " + bundle.getType().toCode() + " is not accepted here: " + hint));
    }
    if (operation == FhirOperation.PROCESS_MESSAGE
        && !(bundle.hasEntry()
            && bundle.getEntryFirstRep().getResource() instanceof MessageHeader)) {
      return Optional.of(
          Finding.error(
              "MESSAGEHEADER_MISSING",
              100,
              "Bundle.entry[0]",
              "A message Bundle starts with its MessageHeader"));
    }
    return Optional.empty();
  }

  /** {@code system|value} of Bundle.identifier, the value alone without a system, else null. */
  static String controlId(Bundle bundle) {
    Identifier id = bundle.getIdentifier();
    if (id == null || !FhirCodings.hasText(id.getValue())) {
      return null;
    }
    return FhirCodings.hasText(id.getSystem())
        ? id.getSystem() + "|" + id.getValue()
        : id.getValue();
  }
}
