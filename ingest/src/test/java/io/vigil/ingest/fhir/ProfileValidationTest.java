package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.ingest.validation.Finding;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opt-in full profile validation: off does nothing, all reports HAPI's profile errors. */
class ProfileValidationTest {

  @Test
  void offValidatesNothing() {
    assertThat(ProfileValidation.off().validateIfDue(new Bundle())).isEmpty();
  }

  @Test
  @Timeout(120)
  void allReportsProfileErrorsTheHubRulesDoNotCheck() throws Exception {
    ProfileValidation all =
        ProfileValidation.start(
            new FhirConfig(ProfileValidation.Mode.ALL, 1),
            Runnable::run,
            new SimpleMeterRegistry());
    Bundle bundle = BundleReader.read(FhirGoldenTest.fixture("lab_message")).bundle();
    Observation o = (Observation) bundle.getEntry().get(5).getResource();
    o.setStatus(null); // status is 1..1 in the core profile
    List<Finding> findings = all.validateIfDue(bundle);
    assertThat(findings).anyMatch(f -> f.isError() && f.code().equals("PROFILE_ERROR"));
  }
}
