package io.vigil.ingest.fhir;

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
 * Keeps {@code docs/fhir-findings.md} (the codes a FHIR sender looks up) and the FHIR path in step.
 * The codes are read from the sources of the {@code fhir} package: a string literal handed to a
 * finding or OperationOutcome factory, a code a switch or a classifier returns, a code constant it
 * names from another class, or a prefix handed to one of {@link BundleChecks}' shared checks, which
 * derive fixed suffixes from it.
 */
class FhirFindingCatalogueTest {

  static final Path SOURCES = Path.of("src/main/java/io/vigil/ingest");
  static final Path CATALOGUE = Path.of("../docs/fhir-findings.md");
  static final String CODE = "\"([A-Z][A-Z0-9_]+)\"";

  static final List<Pattern> LITERALS =
      List.of(
          // error(…), warn(…), Finding.error(…), Finding.info(…), refused(…), outcome(413, …)
          Pattern.compile(
              "(?<!\\w)(?:error|warn|warning|info|inform|refused|outcome|details)\\(\\s*(?:\\d{3},\\s*)?"
                  + CODE),
          // the HTTP status switch, the parse-failure classifier
          Pattern.compile("(?:case [\\w.]+|default) -> " + CODE + ";"),
          Pattern.compile("return " + CODE + ";"));

  /** A code constant of another class: {@code BodyBudget.CODE}. */
  static final Pattern CONSTANT = Pattern.compile("\\b([A-Z]\\w+)\\.([A-Z_]*CODE)\\b");

  /** Shared checks: the code prefix is the first all-capitals literal among the arguments. */
  static final Pattern DERIVED =
      Pattern.compile("(?<![\\w.])(date|effective|code|imprecise)\\((.*?)\\);", Pattern.DOTALL);

  static Set<String> producedCodes() throws IOException {
    Set<String> codes = new TreeSet<>();
    try (Stream<Path> files = Files.list(SOURCES.resolve("fhir"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        for (Pattern literal : LITERALS) {
          Matcher m = literal.matcher(source);
          while (m.find()) {
            codes.add(m.group(1));
          }
        }
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
          codes.add(constantValue(constant.group(1), constant.group(2)));
        }
        Matcher derived = DERIVED.matcher(source);
        while (derived.find()) {
          Matcher prefix = Pattern.compile(CODE).matcher(derived.group(2));
          if (prefix.find()) {
            codes.addAll(derive(derived.group(1), prefix.group(1), derived.group(2)));
          }
        }
      }
    }
    return codes;
  }

  /** The value of {@code String name = "…"} in the hub's class {@code type}. */
  static String constantValue(String type, String name) throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().equals(type + ".java"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no source for " + type));
      Matcher m =
          Pattern.compile("String " + name + " = " + CODE)
              .matcher(Files.readString(file, StandardCharsets.UTF_8));
      if (!m.find()) {
        throw new AssertionError(type + "." + name + " is not a code literal");
      }
      return m.group(1);
    }
  }

  /** The suffixes {@link BundleChecks} appends, as its arguments decide. */
  static List<String> derive(String check, String prefix, String arguments) {
    String args = arguments.replaceAll("\\s", "");
    return switch (check) {
      case "date" ->
          args.endsWith(",null")
              ? List.of(prefix + "_INVALID", prefix + "_FUTURE")
              : List.of(prefix + "_MISSING", prefix + "_INVALID", prefix + "_FUTURE");
      case "effective" -> List.of(prefix + "_INVALID", prefix + "_FUTURE");
      case "imprecise" -> List.of(prefix + "_IMPRECISE");
      case "code" ->
          args.endsWith(",true")
              ? List.of(
                  prefix + "_MISSING",
                  prefix + "_NO_LOINC",
                  prefix + "_LOINC_FORMAT",
                  prefix + "_LOINC_CHECK_DIGIT")
              : List.of(
                  prefix + "_MISSING", prefix + "_LOINC_FORMAT", prefix + "_LOINC_CHECK_DIGIT");
      default -> throw new IllegalArgumentException(check);
    };
  }

  @Test
  void readsTheCodesOfEveryKindOfSource() throws IOException {
    // Guards the scan itself: a refactoring that hides codes from it fails here, not silently.
    assertThat(producedCodes())
        .contains(
            "VACCINE_CVX_UNKNOWN", // a check's literal
            "OBSERVATION_CODE_NO_LOINC", // derived, LOINC expected
            "PATIENT_BIRTHDATE_MISSING", // derived, missing reported
            "NOT_A_BUNDLE", // Finding.error
            "UNSUPPORTED_MEDIA_TYPE", // outcome(415, …)
            "UNAUTHORIZED", // the status switch
            "RESOURCE_TYPE_UNKNOWN", // the classifier
            "HUB_BUSY", // another class's constant
            "SUBMISSION_STORED") // details(…)
        .doesNotContain(
            "DIAGNOSTICREPORT_CODE_NO_LOINC", // LOINC not expected of a report code
            "OBSERVATION_ISSUED_MISSING", // missing not reported
            "OBSERVATION_CODE") // a prefix, not a code
        .hasSizeGreaterThan(90);
  }

  @Test
  void everyCodeTheFhirPathProducesIsDocumented() throws IOException {
    assertThat(FindingCatalogue.documentedCodes(CATALOGUE)).containsAll(producedCodes());
  }

  @Test
  void everyDocumentedCodeIsProduced() throws IOException {
    assertThat(producedCodes()).containsAll(FindingCatalogue.documentedCodes(CATALOGUE));
  }
}
