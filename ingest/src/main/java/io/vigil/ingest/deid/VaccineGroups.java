package io.vigil.ingest.deid;

import io.vigil.ingest.validation.CvxTable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The vaccine group of a CVX code, derived from the CDC CVX short description the hub ships (so
 * every code of the table has a group). Combination vaccines take their first group in the order
 * below (e.g. DTaP-HepB-IPV → DTAP), a documented simplification of CDC's many-to-many
 * CVX-to-vaccine-group table; unknown codes are {@code OTHER}.
 */
public final class VaccineGroups {
  public static final String OTHER = "OTHER";

  /** Group → description fragments (upper case), tried in order. */
  private static final Map<String, String[]> RULES = rules();

  private final CvxTable cvx;

  public VaccineGroups(CvxTable cvx) {
    this.cvx = cvx;
  }

  /**
   * {@code cvxCode} as the CDC table writes it ({@code "3"} and {@code "003"} are {@code "03"}), so
   * one vaccine is one trend cell whatever its sender's padding; a code not in the table as sent,
   * trimmed.
   */
  public String canonicalCode(String cvxCode) {
    return cvx.lookup(cvxCode).map(CvxTable.Entry::code).orElse(cvxCode.trim());
  }

  /** The group of {@code cvxCode}. */
  public String of(String cvxCode) {
    String description =
        cvx.lookup(cvxCode).map(e -> e.shortDescription().toUpperCase(Locale.ROOT)).orElse("");
    if (description.isEmpty()) {
      return OTHER;
    }
    for (Map.Entry<String, String[]> rule : RULES.entrySet()) {
      for (String fragment : rule.getValue()) {
        if (description.contains(fragment)) {
          return rule.getKey();
        }
      }
    }
    return OTHER;
  }

  private static Map<String, String[]> rules() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("COVID-19", new String[] {"COVID", "SARS-COV-2"});
    m.put("RSV", new String[] {"RSV"});
    m.put("FLU", new String[] {"INFLUENZA", "FLU"});
    m.put("MMR", new String[] {"MMR", "MEASLES", "MUMPS", "RUBELLA"});
    m.put("DTAP", new String[] {"DTAP", "DTP", "DT-", "PEDIATRIC DT"});
    m.put("TDAP", new String[] {"TDAP", "TD ", "TD(", "TD-"});
    m.put("HEPB", new String[] {"HEP B", "HEPB", "HEPATITIS B"});
    m.put("HEPA", new String[] {"HEP A", "HEPA", "HEPATITIS A"});
    m.put("HPV", new String[] {"HPV"});
    m.put("HIB", new String[] {"HIB"});
    m.put("PNEUMO", new String[] {"PNEUMOCOCCAL", "PCV", "PPV"});
    m.put("POLIO", new String[] {"POLIO", "IPV", "OPV"});
    m.put("ROTAVIRUS", new String[] {"ROTAVIRUS"});
    m.put("VARICELLA", new String[] {"VARICELLA", "VZIG"});
    m.put("ZOSTER", new String[] {"ZOSTER"});
    m.put("MENING", new String[] {"MENINGOCOCCAL", "MENING", "MEN"});
    m.put("ORTHOPOX", new String[] {"SMALLPOX", "VACCINIA", "MPOX", "MONKEYPOX"});
    return m;
  }
}
