package io.vigil.ingest.validation;

import io.vigil.ingest.canonical.Coding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CVX of a vaccine sent as an NDC or a CPT code, from CDC's NDC crosswalk (unit of sale and
 * unit of use) and CPT-to-CVX mapping as the hub bundles them ({@code ndc-cvx.csv} and {@code
 * cpt-cvx.csv} beside this class; their header comments give the source and how to refresh).
 * Pharmacy feeds send the NDC of the package in hand, v2.3.1-era senders the CPT billing code; read
 * through this, such a dose counts as the vaccine it is rather than as {@code OTHER}.
 *
 * <p>CDC maps a few codes to more than one CVX (Engerix-B's NDCs to Hep B adult 43 and dialysis 44,
 * CPT 90743 to 08 and 43): {@link #candidates} gives them all, {@link #cvxOf} only a code that maps
 * to one. Thread-safe and immutable.
 */
public final class VaccineCrosswalk {
  /** The FHIR code system of NDC. */
  public static final String NDC_SYSTEM = "http://hl7.org/fhir/sid/ndc";

  /** The FHIR code system of CPT. */
  public static final String CPT_SYSTEM = "http://www.ama-assn.org/go/cpt";

  /** The code systems the crosswalk reads. */
  public enum Kind {
    NDC,
    CPT
  }

  private static final String LOCAL = "urn:vigil:local:";

  private static final VaccineCrosswalk BUNDLED =
      new VaccineCrosswalk(load("ndc-cvx.csv", "ndc,cvx"), load("cpt-cvx.csv", "cpt,cvx"));

  private final Map<String, List<String>> ndc;
  private final Map<String, List<String>> cpt;

  VaccineCrosswalk(Map<String, List<String>> ndc, Map<String, List<String>> cpt) {
    this.ndc = Map.copyOf(ndc);
    this.cpt = Map.copyOf(cpt);
  }

  /** The bundled tables (loaded once). */
  public static VaccineCrosswalk bundled() {
    return BUNDLED;
  }

  /**
   * Whether a canonical system is NDC or CPT: the FHIR URIs (also with {@code https} or a trailing
   * slash), their OIDs as {@code urn:oid:}, and the HL7 v2 names {@link Coding#systemOf} turns into
   * local URNs ({@code NDC}, {@code CPT}, {@code C4}, the OIDs).
   */
  public static Optional<Kind> kindOf(String system) {
    String s = system == null ? "" : system.trim();
    if (s.regionMatches(true, 0, LOCAL, 0, LOCAL.length())) {
      String name = s.substring(LOCAL.length()).toUpperCase(Locale.ROOT);
      return kindOfName(name);
    }
    if (s.regionMatches(true, 0, "urn:oid:", 0, "urn:oid:".length())) {
      return kindOfName(s.substring("urn:oid:".length()));
    }
    String u = s.toLowerCase(Locale.ROOT).replaceFirst("^https://", "http://");
    u = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    if (u.equals(NDC_SYSTEM)) {
      return Optional.of(Kind.NDC);
    }
    if (u.equals(CPT_SYSTEM)) {
      return Optional.of(Kind.CPT);
    }
    return Optional.empty();
  }

  private static Optional<Kind> kindOfName(String name) {
    if (CodedElement.NDC.contains(name)) {
      return Optional.of(Kind.NDC);
    }
    if (CodedElement.CPT.contains(name)) {
      return Optional.of(Kind.CPT);
    }
    return Optional.empty();
  }

  /**
   * Every CVX CDC maps a coding to, in code order: empty when the coding is not NDC or CPT, or its
   * code is not in CDC's tables.
   */
  public List<String> candidates(Coding coding) {
    return kindOf(coding.system())
        .map(kind -> kind == Kind.NDC ? ndc(coding.code()) : cpt(coding.code()))
        .orElse(List.of());
  }

  /** The CVX of a coding that CDC maps to exactly one; empty otherwise. */
  public Optional<String> cvxOf(Coding coding) {
    List<String> cvx = candidates(coding);
    return cvx.size() == 1 ? Optional.of(cvx.get(0)) : Optional.empty();
  }

  /**
   * The CVX codes of an NDC as sent: 11 digits (5-4-2), or 10 in the FDA's 4-4-2, 5-3-2 or 5-4-1
   * layouts, with or without hyphens. With hyphens the layout is known; ten bare digits are read in
   * all three layouts and the CVX of those readings the table has are returned together.
   */
  public List<String> ndc(String code) {
    if (code == null) {
      return List.of();
    }
    String c = code.strip();
    if (c.indexOf('-') >= 0) {
      List<String> asSent = ndc.get(c);
      if (asSent != null) {
        return asSent;
      }
      return ndc11(c).map(k -> ndc.getOrDefault(k, List.of())).orElse(List.of());
    }
    if (!c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return List.of();
    }
    if (c.length() == 11) {
      return ndc.getOrDefault(c, List.of());
    }
    if (c.length() != 10) {
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>();
    for (String reading :
        List.of(
            "0" + c, // 4-4-2
            c.substring(0, 5) + "0" + c.substring(5), // 5-3-2
            c.substring(0, 9) + "0" + c.substring(9))) { // 5-4-1
      found.addAll(ndc.getOrDefault(reading, List.of()));
    }
    return sorted(found);
  }

  /** The CVX codes of a CPT code, with or without a billing modifier ({@code 90707-SL}). */
  public List<String> cpt(String code) {
    if (code == null) {
      return List.of();
    }
    // A billing modifier after the code (90707-SL, state-supplied vaccine) names the same vaccine.
    String c = code.strip();
    int dash = c.indexOf('-');
    return cpt.getOrDefault(dash == 5 ? c.substring(0, 5) : c, List.of());
  }

  /**
   * A hyphenated NDC in the 11-digit 5-4-2 form without hyphens: each short segment padded by one
   * leading zero (4-4-2, 5-3-2, 5-4-1); empty for any other shape.
   */
  static Optional<String> ndc11(String hyphenated) {
    String[] p = hyphenated.split("-", -1);
    if (p.length != 3) {
      return Optional.empty();
    }
    for (String part : p) {
      if (part.isEmpty() || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        return Optional.empty();
      }
    }
    String shape = p[0].length() + "-" + p[1].length() + "-" + p[2].length();
    return switch (shape) {
      case "5-4-2", "4-4-2", "5-3-2", "5-4-1" ->
          Optional.of(pad(p[0], 5) + pad(p[1], 4) + pad(p[2], 2));
      default -> Optional.empty();
    };
  }

  /** Number of NDC keys (11-digit and hyphenated) and of CPT codes. */
  int ndcKeys() {
    return ndc.size();
  }

  int cptCodes() {
    return cpt.size();
  }

  private static String pad(String s, int width) {
    return "0".repeat(width - s.length()) + s;
  }

  private static List<String> sorted(Set<String> cvx) {
    List<String> list = new ArrayList<>(cvx);
    list.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    return List.copyOf(list);
  }

  private static Map<String, List<String>> load(String resource, String header) {
    try (InputStream in = VaccineCrosswalk.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return parse(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource, header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code code,cvx} lines ({@code #} comments, blank lines and the column line skipped) as code →
   * its CVX codes in numeric order.
   */
  static Map<String, List<String>> parse(BufferedReader reader, String resource, String header)
      throws IOException {
    Map<String, Set<String>> sets = new HashMap<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#") || line.strip().equals(header)) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 2 || fields[0].isBlank() || !fields[1].strip().matches("[0-9]{1,4}")) {
        throw new IllegalStateException(resource + " line " + number + " is not " + header);
      }
      sets.computeIfAbsent(fields[0].strip(), k -> new LinkedHashSet<>()).add(fields[1].strip());
    }
    Map<String, List<String>> map = new HashMap<>();
    sets.forEach((code, cvx) -> map.put(code, sorted(cvx)));
    return map;
  }
}
