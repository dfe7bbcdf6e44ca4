package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Immunization;
import io.vigil.ingest.canonical.ReferenceInstant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dose records of one patient in one message, for the key each dose event carries ({@code
 * resultKey}): what identifies a record (the sender's record id, else its vaccine and day), and
 * which record ids do not identify anything because the sender writes one number on several
 * records.
 */
final class PatientDoseRecords {
  private final Set<String> shared;

  private PatientDoseRecords(Set<String> shared) {
    this.shared = shared;
  }

  /** The records of one patient's doses in one message. */
  static PatientDoseRecords of(List<Immunization> doses) {
    return new PatientDoseRecords(sharedIds(doses));
  }

  /**
   * The identity of a dose record that its key is made of: the sender's record id ({@link
   * Immunization#recordId()}), else the vaccine ({@code vaccineCode}, its CVX as counted, else the
   * code sent) and the day. A record id that two records of one patient in one message share with a
   * different vaccine or day (a sender that writes one number on every record) identifies neither.
   */
  String identity(Immunization dose, String vaccineCode, LocalDate day) {
    if (!dose.recordId().isEmpty() && !shared.contains(dose.recordId())) {
      return "id|" + dose.recordId();
    }
    String vaccine =
        vaccineCode != null
            ? "cvx|" + vaccineCode
            : dose.vaccine().system() + "|" + dose.vaccine().code().strip();
    return "dose|" + vaccine + "|" + day;
  }

  /**
   * Record ids that more than one added record of one patient carries with another vaccine or time
   * (an update or delete of the same id in the message is the same record, changed).
   */
  private static Set<String> sharedIds(List<Immunization> doses) {
    Map<String, Set<String>> contents = new HashMap<>();
    Set<String> shared = new HashSet<>();
    for (Immunization dose : doses) {
      if (dose.recordId().isEmpty() || !dose.action().equals("A")) {
        continue;
      }
      String content =
          dose.vaccine().system()
              + "|"
              + dose.vaccine().code()
              + "|"
              + dose.administered().map(ReferenceInstant::at).orElse(null);
      Set<String> seen = contents.computeIfAbsent(dose.recordId(), k -> new HashSet<>());
      seen.add(content);
      if (seen.size() > 1) {
        shared.add(dose.recordId());
      }
    }
    return shared;
  }
}
