package io.vigil.ingest.fhir;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in full FHIR profile validation with HAPI's {@link FhirInstanceValidator} against the core R4
 * profiles and in-memory terminology. Off by default: it costs 30–60× the parse (ADR 0007). When
 * on, it is built and warmed at start-up (the first validation loads the definitions, 7–15 s).
 */
public final class ProfileValidation {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileValidation.class);
  private static final int MAX_FINDINGS = 50;

  /** When profile validation runs. */
  public enum Mode {
    OFF,
    SAMPLE,
    ALL
  }

  private final Mode mode;
  private final int sampleEvery;
  private final Executor background;
  private final ca.uhn.fhir.validation.FhirValidator validator;
  private final AtomicLong seen = new AtomicLong();
  private final Counter sampled;
  private final Counter sampledErrors;

  private ProfileValidation(Mode mode, int sampleEvery, Executor background, MeterRegistry meters) {
    this.mode = mode;
    this.sampleEvery = Math.max(1, sampleEvery);
    this.background = background;
    this.validator = mode == Mode.OFF ? null : build();
    this.sampled =
        meters == null
            ? null
            : Counter.builder("vigil.fhir.profile.validated")
                .description("Bundles checked by sampled FHIR profile validation")
                .register(meters);
    this.sampledErrors =
        meters == null
            ? null
            : Counter.builder("vigil.fhir.profile.errors")
                .description("Error issues found by sampled FHIR profile validation")
                .register(meters);
  }

  /** No profile validation. */
  public static ProfileValidation off() {
    return new ProfileValidation(Mode.OFF, 1, Runnable::run, null);
  }

  /** Profile validation as configured; warmed up before it returns when on. */
  public static ProfileValidation start(FhirConfig config, Executor background, MeterRegistry m) {
    ProfileValidation p =
        new ProfileValidation(config.profileValidation(), config.sampleEvery(), background, m);
    p.warmUp();
    return p;
  }

  public Mode mode() {
    return mode;
  }

  private static ca.uhn.fhir.validation.FhirValidator build() {
    var ctx = Fhir.context();
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(ctx),
            new CommonCodeSystemsTerminologyService(ctx),
            new InMemoryTerminologyServerValidationSupport(ctx),
            new SnapshotGeneratingValidationSupport(ctx));
    return ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
  }

  private void warmUp() {
    if (validator == null) {
      return;
    }
    long start = System.nanoTime();
    validator.validateWithResult(new Bundle().setType(Bundle.BundleType.COLLECTION));
    LOG.info(
        "FHIR profile validation ready [mode: {}, ms: {}]",
        mode,
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * In {@code ALL} mode, the profile findings of {@code bundle} (errors and warnings); in {@code
   * SAMPLE} mode schedules one validation in {@code sampleEvery} off the request path and returns
   * none; otherwise none.
   */
  List<Finding> validateIfDue(Bundle bundle) {
    if (mode == Mode.ALL) {
      return findings(validator.validateWithResult(bundle));
    }
    if (mode == Mode.SAMPLE && seen.incrementAndGet() % sampleEvery == 0) {
      background.execute(
          () -> {
            List<Finding> f = findings(validator.validateWithResult(bundle));
            sampled.increment();
            sampledErrors.increment(f.stream().filter(Finding::isError).count());
          });
    }
    return List.of();
  }

  /**
   * HAPI's messages can quote element values: they go back to the sender and into the system of
   * record with the submission, never into logs or metrics.
   */
  private static List<Finding> findings(ValidationResult result) {
    List<Finding> out = new ArrayList<>();
    for (SingleValidationMessage m : result.getMessages()) {
      if (out.size() >= MAX_FINDINGS) {
        break;
      }
      ResultSeverityEnum s = m.getSeverity();
      if (s == ResultSeverityEnum.ERROR || s == ResultSeverityEnum.FATAL) {
        out.add(Finding.error("PROFILE_ERROR", 100, m.getLocationString(), m.getMessage()));
      } else if (s == ResultSeverityEnum.WARNING) {
        out.add(Finding.warning("PROFILE_WARNING", 100, m.getLocationString(), m.getMessage()));
      }
    }
    return out;
  }
}
