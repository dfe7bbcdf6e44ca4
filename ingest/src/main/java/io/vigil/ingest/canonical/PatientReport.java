package io.vigil.ingest.canonical;

import java.util.List;
import java.util.Objects;

/**
 * One patient and what was reported about them.
 *
 * @param patient demographics (PHI: stays in the system of record)
 * @param labResults the patient's results, in message order (empty for immunization reports)
 * @param immunizations the patient's doses, in message order (empty for lab reports)
 */
public record PatientReport(
    Patient patient, List<LabResult> labResults, List<Immunization> immunizations) {

  public PatientReport {
    Objects.requireNonNull(patient, "patient");
    labResults = List.copyOf(labResults);
    immunizations = List.copyOf(immunizations);
  }

  PatientReport withoutSources() {
    return new PatientReport(
        patient,
        labResults.stream().map(LabResult::withoutSources).toList(),
        immunizations.stream().map(Immunization::withoutSources).toList());
  }
}
