package io.vigil.ingest.validation;

import java.util.List;
import java.util.Optional;

/**
 * RXA-5, the vaccine given: a CVX code of CDC's table, else an NDC or a CPT code that CDC's
 * crosswalk reads as one; the findings say how the trends will count the dose, so a sender knows
 * what its NDC-only or CPT-only feed adds up to.
 */
public final class VaccineCodeRules {
  private final CvxTable cvx;
  private final VaccineGroups groups;
  private final VaccineCrosswalk crosswalk = VaccineCrosswalk.bundled();

  /** The rules with {@code cvx} as the CDC table. */
  public VaccineCodeRules(CvxTable cvx) {
    this.cvx = cvx;
    this.groups = new VaccineGroups(cvx);
  }

  /** The RXA-5 findings of {@code code} at {@code location}. */
  void check(CodedElement code, String location, Checks c) {
    if (code.hasNoCode()) {
      c.error("RXA5_MISSING", 101, location, "RXA-5 administered code (CVX) is missing");
      return;
    }
    Optional<String> cvxCode = code.codeIn(CodedElement.CVX);
    Optional<String> ndc = code.codeIn(CodedElement.NDC);
    Optional<String> cpt = code.codeIn(CodedElement.CPT);
    if (cvxCode.isEmpty() && ndc.isPresent()) {
      // Valid per the guide; the trends read it through CDC's NDC crosswalk. Still a warning:
      // the guide wants the CVX, and an NDC the crosswalk lacks counts as OTHER.
      c.warn(
          "RXA5_NDC_ONLY",
          103,
          location,
          "RXA-5 is coded in NDC only; "
              + counted(VaccineCrosswalk.Kind.NDC, ndc.get())
              + "; send the CVX code too (alternate triplet), as the guide asks");
    } else if (cvxCode.isEmpty() && cpt.isPresent()) {
      c.warn(
          "RXA5_NO_CVX",
          103,
          location,
          "RXA-5 is coded in CPT only, with no CVX code (coding system CVX); "
              + counted(VaccineCrosswalk.Kind.CPT, cpt.get())
              + "; send the CVX code (alternate triplet), as the guide asks");
    } else if (cvxCode.isEmpty() && code.cvxUnderLocalName().flatMap(cvx::lookup).isPresent()) {
      // A CVX under a local name for its system (an engine's LIM_CVX): the code is CDC's, and a
      // Pfizer dose counted under OTHER would skew the COVID-19 series.
      String local = code.cvxUnderLocalName().get();
      String system =
          local.equals(code.identifier()) ? code.codingSystem() : code.alternateCodingSystem();
      c.warn(
          "RXA5_CVX_CODING_SYSTEM",
          103,
          location,
          "RXA-5 coding system"
              + SafeText.quote(system)
              + " is read as CVX: the dose is counted as CVX "
              + local
              + "; send CVX as the coding system (RXA-5.3)");
    } else if (cvxCode.isEmpty()) {
      c.warn(
          "RXA5_NO_CVX",
          103,
          location,
          "RXA-5 has no CVX code (coding system CVX"
              + (code.codingSystem().isEmpty()
                  ? ""
                  : "; received" + SafeText.quote(code.codingSystem()))
              + "), nor an NDC or CPT code to read one from:"
              + " the dose is counted under vaccine group OTHER");
    } else if (cvx.lookup(cvxCode.get()).isEmpty()) {
      c.error(
          "RXA5_CVX_UNKNOWN",
          103,
          location,
          "RXA-5 CVX" + SafeText.quote(cvxCode.get()) + " is not in the CDC CVX code set");
    } else if (ndc.isPresent()) {
      disagreement(cvxCode.get(), ndc.get(), location, c);
    }
  }

  /**
   * An NDC beside the CVX that CDC's crosswalk maps to a vaccine of other groups (a flu NDC sent
   * with CVX 09, Td): a stale or mistyped code, which the sender should see. The CVX is the code of
   * record and is what is counted.
   */
  private void disagreement(String cvxCode, String ndcCode, String location, Checks c) {
    List<String> mapped = crosswalk.ndc(ndcCode);
    List<String> sent = groups.of(groups.canonicalCode(cvxCode));
    if (mapped.isEmpty() || sent.isEmpty()) {
      return;
    }
    boolean agree =
        mapped.stream()
            .map(groups::canonicalCode)
            .anyMatch(m -> m.equals(groups.canonicalCode(cvxCode)) || sharesGroup(m, sent));
    if (!agree) {
      c.warn(
          "RXA5_CODES_DISAGREE",
          103,
          location,
          "RXA-5 NDC"
              + SafeText.quote(ndcCode)
              + " is CVX "
              + String.join(" or ", mapped)
              + " in CDC's NDC crosswalk, but the CVX sent is "
              + groups.canonicalCode(cvxCode)
              + " ("
              + String.join(", ", sent)
              + "): the dose is counted as the CVX sent; correct the code that is wrong");
    }
  }

  private boolean sharesGroup(String cvxCode, List<String> groupsOfSent) {
    return groups.of(cvxCode).stream().anyMatch(groupsOfSent::contains);
  }

  /**
   * How the trends count a dose coded {@code vaccine}, which is no CVX (a FHIR vaccineCode's NDC or
   * CPT coding, or a local one), told to the sender.
   */
  public String counted(io.vigil.ingest.canonical.Coding vaccine) {
    return VaccineCrosswalk.kindOf(vaccine.system())
        .map(kind -> counted(kind, vaccine.code()))
        .orElse("the dose is counted under vaccine group OTHER, with no CVX");
  }

  /** How the trends count a dose sent with NDC or CPT {@code code} and no CVX. */
  private String counted(VaccineCrosswalk.Kind kind, String code) {
    return kind == VaccineCrosswalk.Kind.NDC
        ? counted(
            "NDC" + SafeText.quote(code),
            crosswalk.ndc(code),
            "CDC's NDC crosswalk (unit of sale and unit of use)")
        : counted("CPT" + SafeText.quote(code), crosswalk.cpt(code), "CDC's CPT-to-CVX mapping");
  }

  /**
   * How the trends count a dose sent as {@code what}, whose code CDC's {@code table} maps to {@code
   * mapped} (the de-identifier's reading, told to the sender).
   */
  private String counted(String what, List<String> mapped, String table) {
    if (mapped.isEmpty()) {
      return what
          + " is not in "
          + table
          + ", so the dose is counted under vaccine group OTHER, with no CVX";
    }
    if (mapped.size() == 1) {
      String code = groups.canonicalCode(mapped.get(0));
      List<String> in = groups.of(code);
      return "the dose is counted as CVX "
          + code
          + " ("
          + cvx.lookup(code).map(CvxTable.Entry::shortDescription).orElse("no description")
          + ") from "
          + table
          + (in.isEmpty() ? ", which is no vaccine dose and makes no count" : "");
    }
    String all = String.join(" and ", mapped);
    return groups
        .shared(mapped)
        .map(
            g ->
                g.isEmpty()
                    ? table + " maps " + what + " to CVX " + all + ", none a vaccine dose"
                    : table
                        + " maps "
                        + what
                        + " to CVX "
                        + all
                        + ": the dose is counted under vaccine group "
                        + String.join(" and ", g)
                        + ", with no CVX")
        .orElse(
            table
                + " maps "
                + what
                + " to CVX "
                + all
                + ", of different vaccine groups: the dose is counted under OTHER");
  }
}
