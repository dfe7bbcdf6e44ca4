package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.validation.ReportableTests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reportable-condition value set: LOINC test codes whose results are reportable, and SNOMED CT
 * organisms/findings that make a coded result positive for a condition. The bundled file is a
 * subset of CDC/CSTE's Reportable Condition Trigger Codes; a jurisdiction replaces it with its own
 * list ({@code deid.conditions-file}) in the same format.
 *
 * <p>A test that names no condition (a culture, "bacteria identified") is listed with the condition
 * {@code *}: its results count for the condition of the organism found only. A multiplex panel is
 * listed under each of its conditions, as RCTC lists the chlamydia/gonorrhea panels: a positive
 * counts for the organism found, a negative for each of its conditions ({@link #panelConditions}).
 */
public final class ReportableConditions implements ReportableTests {
  private static final String BUNDLED = "reportable-conditions.csv";

  /** The condition of a test that names none. */
  private static final String BY_ORGANISM = "*";

  private final Map<String, String> byLoinc;
  private final Map<String, List<String>> panels;
  private final Map<String, String> bySnomed;

  private ReportableConditions(
      Map<String, String> byLoinc, Map<String, List<String>> panels, Map<String, String> bySnomed) {
    this.byLoinc = Map.copyOf(byLoinc);
    this.panels = Map.copyOf(panels);
    this.bySnomed = Map.copyOf(bySnomed);
  }

  /** The value set shipped with the hub. */
  public static ReportableConditions bundled() {
    try (InputStream in = ReportableConditions.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BUNDLED);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value set from a file in the bundled format ({@code kind,code,condition}). */
  public static ReportableConditions fromFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  static ReportableConditions read(InputStream in) throws IOException {
    Map<String, Set<String>> loinc = new HashMap<>();
    Map<String, String> snomed = new HashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split(",", 3);
      if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
        throw new IOException("conditions line " + lineNumber + ": expected kind,code,condition");
      }
      switch (parts[0].strip()) {
        case "loinc" ->
            // Listed under several conditions: RCTC's multiplex panels.
            loinc
                .computeIfAbsent(parts[1].strip(), c -> new LinkedHashSet<>())
                .add(parts[2].strip());
        case "snomed" -> snomed.put(parts[1].strip(), parts[2].strip());
        default -> throw new IOException("conditions line " + lineNumber + ": unknown kind");
      }
    }
    Map<String, String> single = new HashMap<>();
    Map<String, List<String>> panels = new HashMap<>();
    loinc.forEach(
        (code, conditions) -> {
          if (conditions.contains(BY_ORGANISM)) {
            single.put(code, BY_ORGANISM);
          } else if (conditions.size() == 1) {
            single.put(code, conditions.iterator().next());
          } else {
            panels.put(code, List.copyOf(conditions));
          }
        });
    return new ReportableConditions(single, panels, snomed);
  }

  /**
   * The condition a LOINC-coded test reports on, if it is in the value set and names one (a culture
   * or a multiplex panel names none: its organism does, {@link #forResult}).
   */
  public Optional<String> forTest(Coding test) {
    return test.isLoinc()
        ? Optional.ofNullable(byLoinc.get(test.code())).filter(c -> !c.equals(BY_ORGANISM))
        : Optional.empty();
  }

  /**
   * Whether the value set lists the test as one whose organism decides its condition ({@code *}: a
   * culture), so a version of its result may have counted under an organism the next one no longer
   * names.
   */
  public boolean decidedByOrganism(Coding test) {
    return test.isLoinc() && BY_ORGANISM.equals(byLoinc.get(test.code()));
  }

  /**
   * The conditions of a test listed under several (a chlamydia/gonorrhea panel), in file order;
   * empty for any other test. A negative result of it is a negative test of each; any other result
   * counts only by the organism it names.
   */
  public List<String> panelConditions(Coding test) {
    return test.isLoinc() ? panels.getOrDefault(test.code(), List.of()) : List.of();
  }

  /** The condition a SNOMED CT coded result (an organism, say) is positive for, if any. */
  public Optional<String> forResult(Optional<Coding> result) {
    return result
        .filter(Coding::isSnomed)
        .flatMap(c -> Optional.ofNullable(bySnomed.get(c.code())));
  }

  @Override
  public boolean namesCondition(String loinc) {
    return panels.containsKey(loinc) || byLoinc.containsKey(loinc) && !isByOrganism(loinc);
  }

  @Override
  public boolean lists(String loinc) {
    return panels.containsKey(loinc) || byLoinc.containsKey(loinc);
  }

  @Override
  public boolean countsResult(String snomed) {
    return bySnomed.containsKey(snomed);
  }

  private boolean isByOrganism(String loinc) {
    return BY_ORGANISM.equals(byLoinc.get(loinc));
  }

  public int size() {
    return byLoinc.size() + panels.size() + bySnomed.size();
  }
}
