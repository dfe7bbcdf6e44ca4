package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.testing.FindingCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/findings.md} (the codes a sender looks up) and the HL7 v2 path in step. The
 * codes are read from the sources: a code is a string literal handed to a finding factory, or a
 * prefix handed to one of {@link Checks}' shared checks, which derive fixed suffixes from it.
 */
class FindingCatalogueTest {

  static final Path SOURCES = Path.of("src/main/java/io/vigil/ingest");
  static final Path CATALOGUE = Path.of("../docs/findings.md");

  /** The packages of the HL7 v2 path (FHIR reports through OperationOutcome, not this page). */
  static final List<String> PACKAGES = List.of("validation", "hl7v2", "intake", "ack");

  static final Pattern LITERAL =
      Pattern.compile(
          "(?:c\\.warn|c\\.error|c\\.add|Finding\\.(?:error|warning|info)|new Finding)\\("
              + "\\s*(?:Severity\\.[EWI],\\s*)?\"([A-Z][A-Z0-9_]+)\"");

  /** Shared checks: the code prefix is the first all-capitals literal among the arguments. */
  static final Pattern DERIVED =
      Pattern.compile(
          "(?:c|[a-z]\\w*Checks)\\.(date|dateFormat|table|loinc|capitals|imprecise|snomed)\\((.*?)\\);",
          Pattern.DOTALL);

  static final Pattern PREFIX = Pattern.compile("\"([A-Z][A-Z0-9]*)\"");

  static Set<String> producedCodes() throws IOException {
    Set<String> codes = new TreeSet<>();
    for (String pkg : PACKAGES) {
      try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file, StandardCharsets.UTF_8);
          Matcher literal = LITERAL.matcher(source);
          while (literal.find()) {
            codes.add(literal.group(1));
          }
          Matcher derived = DERIVED.matcher(source);
          while (derived.find()) {
            Matcher prefix = PREFIX.matcher(derived.group(2));
            if (!prefix.find()) {
              continue;
            }
            codes.addAll(derive(derived.group(1), prefix.group(1), derived.group(2)));
          }
        }
      }
    }
    return codes;
  }

  /** The suffixes {@link Checks} appends; a missing-check passed {@code null} produces none. */
  static List<String> derive(String check, String prefix, String arguments) {
    String args = arguments.replaceAll("\\s", "");
    // whenMissing null: the last argument, or the one before a whenBad severity.
    boolean reportsMissing =
        !(args.endsWith(",null") || args.matches(".*,null,[^,]*Severity\\.[EWI]"));
    return switch (check) {
      case "date" ->
          reportsMissing
              ? List.of(prefix + "_MISSING", prefix + "_INVALID", prefix + "_FUTURE")
              : List.of(prefix + "_INVALID", prefix + "_FUTURE");
      case "dateFormat" -> List.of(prefix + "_INVALID");
      case "capitals" -> List.of(prefix + "_CASE");
      case "imprecise" -> List.of(prefix + "_IMPRECISE");
      case "snomed" -> List.of(prefix + "_SCT_INVALID");
      case "table" -> List.of(prefix + "_MISSING", prefix + "_INVALID");
      case "loinc" ->
          List.of(
              prefix + "_NO_LOINC",
              prefix + "_NO_CODING_SYSTEM",
              prefix + "_LOINC_FORMAT",
              prefix + "_LOINC_CHECK_DIGIT");
      default -> throw new IllegalArgumentException(check);
    };
  }

  @Test
  void readsTheCodesOfTheSharedChecksAndTheLiterals() throws IOException {
    // Guards the scan itself: a refactoring that hides codes from it fails here, not silently.
    assertThat(producedCodes())
        .contains(
            "OBX3_LOINC_CHECK_DIGIT",
            "RXA20_INVALID",
            "PID7_FUTURE",
            "OBX14_INVALID",
            "RXA18_MISSING",
            "NOT_STORED",
            "RATE_LIMITED",
            "MSH12_UNSUPPORTED_VERSION",
            "FINDINGS_TRUNCATED",
            "OBX5_INVALID",
            "OBR4_NO_CODING_SYSTEM")
        .doesNotContain("OBX14_MISSING", "OBX19_MISSING", "OBX5_FUTURE")
        .hasSizeGreaterThan(80);
  }

  @Test
  void everyCodeTheHl7v2PathProducesIsDocumented() throws IOException {
    assertThat(FindingCatalogue.documentedCodes(CATALOGUE)).containsAll(producedCodes());
  }

  @Test
  void everyDocumentedCodeIsProduced() throws IOException {
    assertThat(producedCodes()).containsAll(FindingCatalogue.documentedCodes(CATALOGUE));
  }
}
