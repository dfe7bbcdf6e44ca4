package io.vigil.ingest.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vaccine groups of a CVX code, from CDC's CVX-to-vaccine-group table as the hub bundles it
 * ({@code vaccine-groups.csv} beside this class; README-vaccine-groups.md there gives the source
 * and how CDC's group names map onto the hub's). The mapping is many-to-many: a combination vaccine
 * counts in each of its groups (DTaP-HepB-IPV, CVX 110, is a DTaP, a HepB and a polio dose), as an
 * IIS counts it. A code that is no vaccine dose (an immune globulin, a skin test, an adjuvant, 999
 * unknown) has no group. A code the file does not list (one CDC added after it) takes one group
 * derived from its CDC short description, else {@code OTHER} (none when the description names an
 * immune globulin, an antitoxin or a skin test).
 */
public final class VaccineGroups {
  public static final String OTHER = "OTHER";

  /** The file's group for a code that is not a vaccine dose. */
  static final String NONE = "NONE";

  /** The order groups are listed in, so a dose's events come in a stable order. */
  static final List<String> ORDER =
      List.of(
          "COVID-19",
          "RSV",
          "FLU",
          "FLU-NOVEL",
          "MMR",
          "DTAP",
          "TDAP",
          "HEPB",
          "HEPA",
          "HPV",
          "HIB",
          "PNEUMO",
          "POLIO",
          "ROTAVIRUS",
          "VARICELLA",
          "ZOSTER",
          "MENING",
          "MENB",
          "ORTHOPOX",
          OTHER);

  private static final String RESOURCE = "vaccine-groups.csv";

  /** Canonical CVX code → its groups in {@link #ORDER}, empty when not a dose. */
  private static final Map<String, List<String>> BUNDLED = bundled();

  /** Description fragments (upper case) of a code the file lacks that is no vaccine dose. */
  private static final List<String> NOT_A_DOSE =
      List.of("IMMUNE GLOBULIN", "ANTITOXIN", "IGIV", "TST-");

  /** Group → description fragments (upper case), tried in order: the fallback. */
  private static final Map<String, String[]> RULES = rules();

  private final CvxTable cvx;
  private final Map<String, List<String>> groups;

  public VaccineGroups(CvxTable cvx) {
    this(cvx, BUNDLED);
  }

  VaccineGroups(CvxTable cvx, Map<String, List<String>> groups) {
    this.cvx = cvx;
    this.groups = groups;
  }

  /**
   * {@code cvxCode} as the CDC table writes it ({@code "3"} and {@code "003"} are {@code "03"}), so
   * one vaccine is one trend cell whatever its sender's padding; a code not in the table as sent,
   * trimmed.
   */
  public String canonicalCode(String cvxCode) {
    return cvx.lookup(cvxCode).map(CvxTable.Entry::code).orElse(cvxCode.trim());
  }

  /**
   * The groups a dose of {@code cvxCode} counts in, in a stable order (see {@link #ORDER}): one or
   * more for a vaccine, none for a code that is not a vaccine dose.
   */
  public List<String> of(String cvxCode) {
    List<String> listed = groups.get(key(canonicalCode(cvxCode)));
    if (listed != null) {
      return listed;
    }
    String description =
        cvx.lookup(cvxCode).map(e -> e.shortDescription().toUpperCase(Locale.ROOT)).orElse("");
    for (String fragment : NOT_A_DOSE) {
      if (description.contains(fragment)) {
        return List.of();
      }
    }
    return List.of(byDescription(description));
  }

  /**
   * The groups of a vaccine known only as one of several CVX codes (an NDC or CPT code CDC maps to
   * more than one): their groups when all of them have the same, else empty.
   */
  public Optional<List<String>> shared(List<String> cvxCodes) {
    if (cvxCodes.isEmpty()) {
      return Optional.empty();
    }
    List<String> first = of(cvxCodes.get(0));
    return cvxCodes.stream().allMatch(c -> of(c).equals(first))
        ? Optional.of(first)
        : Optional.empty();
  }

  /** Whether the file decides {@code cvxCode} (else {@link #of} falls back to its description). */
  boolean listed(String cvxCode) {
    return groups.containsKey(key(canonicalCode(cvxCode)));
  }

  private static String byDescription(String description) {
    for (Map.Entry<String, String[]> rule : RULES.entrySet()) {
      for (String fragment : rule.getValue()) {
        if (description.contains(fragment)) {
          return rule.getKey();
        }
      }
    }
    return OTHER;
  }

  private static Map<String, List<String>> bundled() {
    try (InputStream in = VaccineGroups.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code cvx,group} lines ({@code #} comments and blank lines skipped) as code → groups in {@link
   * #ORDER}; {@link #NONE} stands alone.
   */
  static Map<String, List<String>> parse(BufferedReader reader) throws IOException {
    Map<String, Set<String>> sets = new LinkedHashMap<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
        throw new IllegalStateException(RESOURCE + " line " + number + " is not cvx,group");
      }
      sets.computeIfAbsent(key(fields[0]), k -> new LinkedHashSet<>()).add(fields[1].trim());
    }
    Map<String, List<String>> map = new HashMap<>();
    Comparator<String> order =
        Comparator.<String>comparingInt(g -> ORDER.contains(g) ? ORDER.indexOf(g) : ORDER.size())
            .thenComparing(Comparator.naturalOrder());
    for (Map.Entry<String, Set<String>> e : sets.entrySet()) {
      Set<String> set = e.getValue();
      if (set.contains(NONE) && set.size() > 1) {
        throw new IllegalStateException(RESOURCE + ": CVX " + e.getKey() + " is NONE and a group");
      }
      List<String> list = new ArrayList<>(set);
      list.remove(NONE);
      list.sort(order);
      map.put(e.getKey(), List.copyOf(list));
    }
    return Map.copyOf(map);
  }

  /** A code without leading zeros, as {@link CvxTable} compares them. */
  private static String key(String code) {
    String c = code.trim();
    int i = 0;
    while (i < c.length() - 1 && c.charAt(i) == '0') {
      i++;
    }
    return c.substring(i);
  }

  private static Map<String, String[]> rules() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("COVID-19", new String[] {"COVID", "SARS-COV-2"});
    m.put("RSV", new String[] {"RSV"});
    m.put(OTHER, new String[] {"PARAINFLUENZA"});
    m.put("FLU-NOVEL", new String[] {"AVIAN", "H5N", "H1N1"});
    m.put("FLU", new String[] {"INFLUENZA", "FLU"});
    m.put("MMR", new String[] {"MMR", "MEASLES", "MUMPS", "RUBELLA"});
    m.put("DTAP", new String[] {"DTAP", "DTP", "DT-", "PEDIATRIC DT"});
    m.put("TDAP", new String[] {"TDAP", "TD ", "TD(", "TD-", "TD,"});
    m.put("HEPB", new String[] {"HEP B", "HEPB", "HEPATITIS B"});
    m.put("HEPA", new String[] {"HEP A", "HEPA", "HEPATITIS A"});
    m.put("HPV", new String[] {"HPV"});
    m.put("HIB", new String[] {"HIB"});
    m.put("PNEUMO", new String[] {"PNEUMOCOCCAL", "PCV", "PPV"});
    m.put("POLIO", new String[] {"POLIO", "IPV", "OPV"});
    m.put("ROTAVIRUS", new String[] {"ROTAVIRUS"});
    m.put("VARICELLA", new String[] {"VARICELLA"});
    m.put("ZOSTER", new String[] {"ZOSTER"});
    m.put("MENB", new String[] {"MENINGOCOCCAL B"});
    m.put("MENING", new String[] {"MENINGOCOCCAL", "MENING", "MEN"});
    m.put("ORTHOPOX", new String[] {"SMALLPOX", "VACCINIA", "MPOX", "MONKEYPOX"});
    return m;
  }
}
