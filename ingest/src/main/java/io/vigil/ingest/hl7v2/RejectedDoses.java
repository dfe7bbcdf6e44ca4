package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The doses of an immunization message that its errors reject. The IZ guide rejects the ORDER group
 * of an RXA in error and keeps the message's other doses ("Acknowledging an HL7 processing error
 * that causes segment group rejection"): EHRs send a patient's whole history in each VXU, so one
 * bad historical dose must not lose today's. That holds only while every error is located at a dose
 * ({@code RXA(n)-…}); an error anywhere else (the patient, the header) rejects the message.
 */
public final class RejectedDoses {
  private static final Pattern DOSE = Pattern.compile("RXA\\((\\d+)\\)(-.*)?");

  private RejectedDoses() {}

  /**
   * The 1-based numbers (message order, as locations give them) of the doses in error, or empty
   * when some error is not located at a dose, or there is no error.
   */
  public static Optional<Set<Integer>> of(List<Finding> findings) {
    Set<Integer> doses = new TreeSet<>();
    for (Finding f : findings) {
      if (!f.isError()) {
        continue;
      }
      Matcher m = DOSE.matcher(f.location());
      if (!m.matches()) {
        return Optional.empty();
      }
      doses.add(Integer.parseInt(m.group(1)));
    }
    return doses.isEmpty() ? Optional.empty() : Optional.of(doses);
  }

  /** What the sender is told about the doses that were and were not used. */
  static Finding notice(Set<Integer> rejected) {
    String which = rejected.stream().map(n -> "RXA(" + n + ")").collect(Collectors.joining(", "));
    return new Finding(
        Severity.I,
        "DOSES_REJECTED",
        0,
        "RXA(" + rejected.iterator().next() + ")",
        "The doses with errors ("
            + which
            + ") were not used; the message's other doses were: send the corrected doses in a"
            + " new message");
  }
}
