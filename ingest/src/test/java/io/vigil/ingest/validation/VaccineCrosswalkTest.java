package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaccineCrosswalkTest {
  final VaccineCrosswalk crosswalk = VaccineCrosswalk.bundled();

  /** 1000 NDCs (11-digit keys) and, for the 10-digit ones, their hyphenated form; 158 CPT codes. */
  @Test
  void loadsBothBundledTables() {
    assertThat(crosswalk.ndcKeys()).isEqualTo(2000);
    assertThat(crosswalk.cptCodes()).isEqualTo(158);
  }

  /**
   * Every CVX the tables name is in the bundled CVX table (whose every code VaccineGroupsTest
   * checks has its vaccine groups decided).
   */
  @Test
  void everyMappedCvxIsAKnownCode() throws Exception {
    CvxTable cvx = CvxTable.bundled();
    for (String resource : new String[] {"ndc-cvx.csv", "cpt-cvx.csv"}) {
      try (var in = VaccineCrosswalk.class.getResourceAsStream(resource)) {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        text.lines()
            .filter(l -> !l.startsWith("#") && !l.endsWith(",cvx"))
            .map(l -> l.substring(l.indexOf(',') + 1))
            .forEach(
                code -> assertThat(cvx.lookup(code)).as(resource + " CVX " + code).isPresent());
      }
    }
  }

  /**
   * Real NDCs of CDC's two tables, as senders write them: 11 digits (5-4-2) with and without
   * hyphens, and the 10-digit FDA layouts 4-4-2, 5-3-2 and 5-4-1, hyphenated and bare.
   */
  @ParameterizedTest
  @CsvSource({
    // unit of sale
    "66019-0302-10, 149", // FluMist Quadrivalent, 10 applicators (MCIR/AIRA's example)
    "66019030210, 149",
    "66019-302-10, 149", // 5-3-2 as CDC lists it
    "6601930210, 149",
    "0006-4047-20, 116", // RotaTeq, 4-4-2
    "00006404720, 116",
    "0006404720, 116",
    "49281-400-20, 115", // Adacel, 5-3-2
    "14362-0111-4, 09", // TDVAX, 5-4-1
    "1436201114, 09",
    "49281-0125-65, 135", // Fluzone High-Dose 2025-2026
    // unit of use
    "66019-0302-01, 149", // one FluMist applicator
    "66019-112-00, 111", // FluMist 2025-2026, HCP-administered
    "66019-0112-51, 333", // FluMist 2025-2026, self/caregiver administered
    "0069-2528-01, 309", // Comirnaty 2025-2026 syringe, 4-4-2
    "59267-4331-1, 310", // Pfizer-BioNTech 10 mcg vial, 5-4-1
    "80777011201, 312", // Spikevax 2025-2026 syringe
  })
  void mapsRealNdcsToTheirCvx(String ndc, String cvx) {
    assertThat(crosswalk.ndc(ndc)).containsExactly(cvx);
    assertThat(crosswalk.cvxOf(new Coding("urn:vigil:local:NDC", ndc, ""))).contains(cvx);
    assertThat(crosswalk.cvxOf(new Coding(VaccineCrosswalk.NDC_SYSTEM, ndc, ""))).contains(cvx);
  }

  /** The hyphens say which segment is short; ten bare digits may read as two products. */
  @Test
  void tellsTheLayoutsApartByTheirHyphens() {
    assertThat(VaccineCrosswalk.ndc11("0069-2465-01")).contains("00069246501");
    assertThat(VaccineCrosswalk.ndc11("71665-430-02")).contains("71665043002");
    assertThat(VaccineCrosswalk.ndc11("54868-0734-0")).contains("54868073400");
    assertThat(VaccineCrosswalk.ndc11("66019-0302-10")).contains("66019030210");
    assertThat(VaccineCrosswalk.ndc11("6601-93-0210")).isEmpty();
    // JYNNEOS 50632-0001-01 (5-4-2) and RabAvert 50632-010-01 (5-3-2, i.e. 50632-0010-01).
    assertThat(crosswalk.ndc("50632-001-01")).containsExactly("206");
    assertThat(crosswalk.ndc("50632-010-01")).containsExactly("176");
    assertThat(crosswalk.ndc("5063200101")).containsExactly("176", "206");
    assertThat(crosswalk.cvxOf(new Coding("urn:vigil:local:NDC", "5063200101", ""))).isEmpty();
  }

  @Test
  void mapsCptCodes() {
    assertThat(crosswalk.cpt("90633")).containsExactly("83"); // HepA ped/adol 2 dose
    assertThat(crosswalk.cpt("90686")).containsExactly("150");
    assertThat(crosswalk.cpt("90672")).containsExactly("149");
    // A billing modifier names the same vaccine (state-supplied MMR).
    assertThat(crosswalk.cpt("90707-SL")).isEqualTo(crosswalk.cpt("90707")).isNotEmpty();
    assertThat(crosswalk.cvxOf(new Coding("urn:vigil:local:CPT", "90633", ""))).contains("83");
    assertThat(crosswalk.cvxOf(new Coding("urn:vigil:local:C4", "90633", ""))).contains("83");
    assertThat(crosswalk.cvxOf(new Coding(VaccineCrosswalk.CPT_SYSTEM, "90633", "")))
        .contains("83");
    // CDC maps a few CPT codes to two CVX: both are given, and no single CVX.
    assertThat(crosswalk.cpt("90743")).containsExactly("08", "43");
    assertThat(crosswalk.cvxOf(new Coding("urn:vigil:local:CPT", "90743", ""))).isEmpty();
  }

  @Test
  void engerixBNdcsMapToBothHepBCodes() {
    assertThat(crosswalk.ndc("58160-0821-11")).containsExactly("43", "44");
    assertThat(crosswalk.ndc("58160-821-11")).containsExactly("43", "44");
  }

  @Test
  void unknownCodesAndOtherSystemsMapToNothing() {
    assertThat(crosswalk.ndc("12345-6789-01")).isEmpty();
    assertThat(crosswalk.ndc("not-an-ndc")).isEmpty();
    assertThat(crosswalk.ndc("123")).isEmpty();
    assertThat(crosswalk.cpt("99999")).isEmpty();
    assertThat(crosswalk.candidates(new Coding("urn:vigil:local:L", "90633", ""))).isEmpty();
    assertThat(crosswalk.candidates(new Coding(Coding.CVX, "90633", ""))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "urn:vigil:local:NDC, NDC",
    "urn:vigil:local:2.16.840.1.113883.6.69, NDC",
    "urn:oid:2.16.840.1.113883.6.69, NDC",
    "http://hl7.org/fhir/sid/ndc, NDC",
    "https://hl7.org/fhir/sid/ndc/, NDC",
    "urn:vigil:local:CPT, CPT",
    "urn:vigil:local:C4, CPT",
    "urn:oid:2.16.840.1.113883.6.12, CPT",
    "http://www.ama-assn.org/go/cpt, CPT",
  })
  void recognisesTheSystemsAsHl7AndFhirNameThem(String system, VaccineCrosswalk.Kind kind) {
    assertThat(VaccineCrosswalk.kindOf(system)).contains(kind);
  }
}
