package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CvxTableTest {

  static final CvxTable TABLE = CvxTable.bundled();

  @Test
  void loadsTheBundledCodeSet() {
    assertThat(TABLE.size()).isGreaterThan(200);
  }

  @Test
  void knowsCommonVaccines() {
    for (String code :
        new String[] {
          "03", "08", "20", "21", "62", "88", "115", "133", "141", "150", "165", "187", "207",
          "208", "213", "309", "998", "999"
        }) {
      assertThat(TABLE.lookup(code)).as(code).isPresent();
    }
  }

  /**
   * Vaccines given routinely since 2021 that a hand-kept table missed (PCV15, PCV20 — the usual
   * infant PCV — PCV21, the 3-antigen Hep B, tick-borne encephalitis, the RSV antibody clesrovimab,
   * MenABCWY): each missing code made its doses an error.
   */
  @Test
  void knowsTheVaccinesOfRecentSeasons() {
    for (String code : new String[] {"215", "216", "220", "223", "224", "327", "328", "332"}) {
      assertThat(TABLE.lookup(code)).as(code).isPresent();
    }
    assertThat(TABLE.lookup("216").get().shortDescription())
        .startsWith("Pneumococcal conjugate PCV20");
  }

  /**
   * The refresh from CDC's own table (CDC dates up to 2025-09-09): 334, Moderna's mNEXSPIKE for
   * fall 2025, was missing; CDC's statuses replace inferred ones; 337 and 338, later than that
   * copy, stay.
   */
  @Test
  void knowsTheCodesOfTheRefreshFromCdc() {
    assertThat(TABLE.lookup("334"))
        .get()
        .satisfies(
            e -> {
              assertThat(e.shortDescription())
                  .isEqualTo("COVID-19, mRNA, LNP-S, PF, 10 mcg/0.2 mL");
              assertThat(e.status()).isEqualTo("Active");
            });
    assertThat(TABLE.lookup("321").get().status()).isEqualTo("Active");
    assertThat(TABLE.lookup("225").get().status()).isEqualTo("Never Active");
    assertThat(TABLE.lookup("121").get().status()).isEqualTo("Inactive");
    for (String code : new String[] {"329", "330", "331", "333", "334", "337", "338"}) {
      assertThat(TABLE.lookup(code)).as(code).isPresent();
    }
    assertThat(TABLE.size()).isEqualTo(290);
  }

  @Test
  void comparesCodesNumerically() {
    assertThat(TABLE.lookup("3")).isEqualTo(TABLE.lookup("03"));
    assertThat(TABLE.lookup("003")).isPresent();
    assertThat(TABLE.lookup(" 208 ").get().status()).isEqualTo("Inactive");
  }

  @Test
  void keepsDescriptionsWithCommas() {
    assertThat(TABLE.lookup("08").get().shortDescription())
        .isEqualTo("Hep B, adolescent or pediatric");
    assertThat(TABLE.lookup("08").get().status()).isEqualTo("Active");
  }

  @Test
  void unknownCodesAreAbsent() {
    assertThat(TABLE.lookup("555")).isEmpty();
    assertThat(TABLE.lookup("")).isEmpty();
    assertThat(TABLE.lookup(null)).isEmpty();
  }
}
