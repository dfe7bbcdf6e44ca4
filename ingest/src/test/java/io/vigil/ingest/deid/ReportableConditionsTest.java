package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.validation.Loinc;
import io.vigil.ingest.validation.SnomedId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportableConditionsTest {

  private static final ReportableConditions BUNDLED = ReportableConditions.bundled();
  private static List<String[]> lines;

  @BeforeAll
  static void readBundledFile() throws IOException {
    lines = new ArrayList<>();
    try (InputStream in =
            ReportableConditions.class.getResourceAsStream("reportable-conditions.csv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          lines.add(l.split(",", 3));
        }
      }
    }
  }

  private static Optional<String> test(String loinc) {
    return BUNDLED.forTest(new Coding(Coding.LOINC, loinc, ""));
  }

  private static Optional<String> organism(String sctid) {
    return BUNDLED.forResult(Optional.of(new Coding(Coding.SNOMED, sctid, "")));
  }

  @Test
  void everyLoincCodePassesItsCheckDigit() {
    List<String> bad =
        lines.stream()
            .filter(l -> l[0].equals("loinc"))
            .map(l -> l[1])
            .filter(c -> !Loinc.isValid(c))
            .toList();
    assertThat(bad).isEmpty();
  }

  @Test
  void everySnomedCodePassesItsVerhoeffCheck() {
    List<String> bad =
        lines.stream()
            .filter(l -> l[0].equals("snomed"))
            .map(l -> l[1])
            .filter(c -> !SnomedId.isValid(c))
            .toList();
    assertThat(bad).isEmpty();
  }

  /**
   * Every code once, but a multiplex panel's once per condition (the loader gathers those); no line
   * repeats.
   */
  @Test
  void listsEveryCodeOnceAndAPanelOncePerCondition() {
    Set<String> seen = new HashSet<>();
    List<String> repeated =
        lines.stream().map(l -> String.join("|", l)).filter(k -> !seen.add(k)).toList();
    assertThat(repeated).isEmpty();
    long codes = lines.stream().map(l -> l[0] + "|" + l[1]).distinct().count();
    assertThat((long) BUNDLED.size()).isEqualTo(codes);
  }

  @Test
  void isTheRctcSetNotTheOldSubset() {
    assertThat(BUNDLED.size()).isGreaterThan(500);
  }

  /** The v1 subset, but for the cultures (now by organism) and two wrong organism codes. */
  @ParameterizedTest
  @CsvSource({
    "loinc,94500-6,COVID-19",
    "loinc,94309-2,COVID-19",
    "loinc,94759-8,COVID-19",
    "loinc,94534-5,COVID-19",
    "loinc,94558-4,COVID-19",
    "loinc,95209-3,COVID-19",
    "loinc,94531-1,COVID-19",
    "loinc,92142-9,Influenza",
    "loinc,92141-1,Influenza",
    "loinc,80382-5,Influenza",
    "loinc,80383-3,Influenza",
    "loinc,34487-9,Influenza",
    "loinc,92131-2,RSV",
    "loinc,40988-8,RSV",
    "loinc,43913-3,Pertussis",
    "loinc,43304-5,Chlamydia trachomatis infection",
    "loinc,21613-5,Chlamydia trachomatis infection",
    "loinc,43305-2,Gonorrhea",
    "loinc,24111-7,Gonorrhea",
    "loinc,11259-9,Hepatitis C",
    "loinc,13955-0,Hepatitis C",
    "loinc,5196-1,Hepatitis B",
    "loinc,5671-3,Lead exposure",
    "loinc,77307-7,Lead exposure",
    "loinc,20951-0,Salmonellosis",
    "snomed,840533007,COVID-19",
    "snomed,27268008,Salmonellosis",
    "snomed,77352002,Shigellosis",
    "snomed,116394005,Shiga toxin-producing E. coli infection",
    "snomed,5247005,Pertussis"
  })
  void keepsTheV1Mappings(String kind, String code, String condition) {
    Optional<String> found = kind.equals("loinc") ? test(code) : organism(code);
    assertThat(found).contains(condition);
  }

  /** Common result codes from the RCTC value sets the file now carries. */
  @ParameterizedTest
  @CsvSource({
    "loinc,94533-7,COVID-19", // eRSD COVID-19 lrtc (CDCgov/phdi TCR sample)
    "loinc,95406-5,COVID-19", // eRSD COVID-19 lrtc (CDCgov/phdi TCR sample)
    "loinc,42931-6,Chlamydia trachomatis infection", // C. trachomatis rRNA in Urine by NAA
    "loinc,60256-5,Gonorrhea", // N. gonorrhoeae rRNA in Urine by NAA
    "loinc,20507-0,Syphilis", // Reagin Ab [Presence] in Serum by RPR
    "loinc,24110-9,Syphilis", // T. pallidum Ab [Presence] in Serum by Immunoassay
    "snomed,68704007,Gonorrhea", // Neisseria gonorrhoeae (organism)
    "snomed,63938009,Chlamydia trachomatis infection", // Chlamydia trachomatis (organism)
    "snomed,81665004,Hepatitis B", // Hepatitis B virus (organism)
    "snomed,62944002,Hepatitis C", // Hepatitis C virus (organism)
    "snomed,72904005,Syphilis", // Treponema pallidum (organism)
    "snomed,34348001,Dengue" // Dengue virus (organism)
  })
  void mapsCommonRctcCodes(String kind, String code, String condition) {
    Optional<String> found = kind.equals("loinc") ? test(code) : organism(code);
    assertThat(found).contains(condition);
  }

  /**
   * A CT/NG multiplex code is in both RCTC value sets: it names no single condition (its organism
   * does: it used to count every gonorrhea it found as chlamydia), and a negative of it is a
   * negative of both.
   */
  @ParameterizedTest
  @CsvSource({"36902-5", "43406-8", "80360-1", "100356-5", "44806-8"})
  void aChlamydiaGonorrheaMultiplexCodeIsAPanelOfBoth(String loinc) {
    assertThat(test(loinc)).isEmpty();
    assertThat(BUNDLED.panelConditions(new Coding(Coding.LOINC, loinc, "")))
        .containsExactly("Chlamydia trachomatis infection", "Gonorrhea");
  }

  @Test
  void aTestListedUnderTwoConditionsOrAsAnyNamesNoConditionOfItsOwn() throws IOException {
    ReportableConditions set =
        ReportableConditions.read(
            new java.io.ByteArrayInputStream(
                String.join(
                        "\n",
                        "loinc,36902-5,Chlamydia trachomatis infection",
                        "loinc,36902-5,Gonorrhea",
                        "loinc,625-4,*",
                        "loinc,94500-6,COVID-19",
                        "loinc,94500-6,COVID-19",
                        "snomed,68704007,Gonorrhea")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(set.forTest(new Coding(Coding.LOINC, "36902-5", ""))).isEmpty();
    assertThat(set.panelConditions(new Coding(Coding.LOINC, "36902-5", "")))
        .containsExactly("Chlamydia trachomatis infection", "Gonorrhea");
    assertThat(set.forTest(new Coding(Coding.LOINC, "625-4", ""))).isEmpty();
    assertThat(set.panelConditions(new Coding(Coding.LOINC, "625-4", ""))).isEmpty();
    assertThat(set.forTest(new Coding(Coding.LOINC, "94500-6", ""))).contains("COVID-19");
    assertThat(set.forResult(Optional.of(new Coding(Coding.SNOMED, "68704007", ""))))
        .contains("Gonorrhea");
  }

  /** Organisms v1 listed under conditions they do not cause: no condition at all. */
  @ParameterizedTest
  @CsvSource({"9861002", "5933001"})
  void aPneumococcusOrAClostridioidesDifficileIsNoSalmonellosisOrPertussis(String sctid) {
    assertThat(organism(sctid)).isEmpty();
  }

  /** A cycle threshold qualifies the result beside it; counted, one swab was three tests. */
  @ParameterizedTest
  @CsvSource({"94311-8", "94312-6", "94313-4", "94509-7", "94510-5", "94511-3"})
  void aCycleThresholdIsNoTestOfItsOwn(String loinc) {
    assertThat(test(loinc)).isEmpty();
  }

  @Test
  void aCodeOutsideTheSetIsNotReportable() {
    assertThat(test("2345-7")).isEmpty();
    assertThat(organism("260373001")).isEmpty(); // Detected: a qualifier, not an organism
  }
}
