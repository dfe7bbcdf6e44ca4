package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaccineGroupsTest {
  final VaccineGroups groups = new VaccineGroups(CvxTable.bundled());

  /** A combination vaccine counts in each of its CDC vaccine groups, in a stable order. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "110 | DTAP HEPB POLIO", // DTaP-HepB-IPV (Pediarix)
        "120 | DTAP HIB POLIO", // DTaP-Hib-IPV (Pentacel)
        "146 | DTAP HEPB HIB POLIO", // DTaP-IPV-Hib-HepB (Vaxelis)
        "130 | DTAP POLIO", // DTaP-IPV (Kinrix, Quadracel)
        "94 | MMR VARICELLA", // MMRV (ProQuad)
        "104 | HEPB HEPA", // HepA-HepB (Twinrix)
        "51 | HEPB HIB", // Hib-HepB (Comvax)
        "148 | HIB MENING", // Hib-MenCY (MenHibrix)
        "195 | TDAP POLIO", // DT-IPV (non-US): CDC's Td group
        "102 | DTAP HEPB HIB", // DTP-Hib-HepB (non-US)
        "316 | MENING MENB", // MenABCWY
        "328 | MENING MENB"
      })
  void aCombinationVaccineIsADoseInEachOfItsGroups(String cvx, String expected) {
    assertThat(groups.of(cvx)).containsExactly(expected.split(" "));
  }

  /** Groups a description fragment got wrong, now as CDC's table has them. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "196 | TDAP", // Td, adsorbed, adult: was OTHER
        "09 | TDAP",
        "113 | TDAP",
        "115 | TDAP",
        "28 | DTAP", // DT (pediatric): was OTHER
        "04 | MMR", // M/R: was OTHER
        "69 | OTHER", // parainfluenza-3: was FLU
        "162 | MENB", // MenB: CDC keeps it apart from MenACWY
        "114 | MENING",
        "123 | FLU-NOVEL", // H5N1: not a seasonal flu dose
        "127 | FLU-NOVEL",
        "321 | FLU-NOVEL",
        "150 | FLU",
        "206 | ORTHOPOX",
        "33 | PNEUMO",
        "109 | PNEUMO", // CDC: PneumoPCV and PneumoPPV, one hub group
        "306 | RSV", // nirsevimab: CDC's RSV group
        "307 | RSV",
        "332 | RSV", // clesrovimab
        "303 | RSV"
      })
  void aVaccineHasCdcsGroup(String cvx, String expected) {
    assertThat(groups.of(cvx)).containsExactly(expected);
  }

  /** Immune globulins, skin tests, an adjuvant, unknown: no dose, so no group at all. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "86", "157", "30", "13", "36", "79", "71", "14", "87", "117", "154", "180", "181", "12",
        "27", "93", "95", "96", "97", "98", "801", "998", "999"
      })
  void aCodeThatIsNoVaccineDoseHasNoGroup(String cvx) {
    assertThat(groups.of(cvx)).isEmpty();
  }

  @Test
  void aCodeIsLookedUpAsTheCvxTableWritesIt() {
    assertThat(groups.of("3")).containsExactly("MMR");
    assertThat(groups.of(" 003")).containsExactly("MMR");
    assertThat(groups.of("0110")).containsExactly("DTAP", "HEPB", "POLIO");
  }

  /** Every code the validator accepts has a decision in the bundled file, not the fallback. */
  @Test
  void everyCodeOfTheCvxTableHasADecision() throws IOException {
    List<String> codes = new ArrayList<>();
    try (InputStream in = CvxTable.class.getResourceAsStream("cvx.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          codes.add(line.substring(0, line.indexOf(',')));
        }
      }
    }
    assertThat(codes).hasSizeGreaterThan(280);
    assertThat(codes).filteredOn(c -> !groups.listed(c)).isEmpty();
    assertThat(codes)
        .flatMap(groups::of)
        .allSatisfy(g -> assertThat(VaccineGroups.ORDER).contains(g));
  }

  /** A code the file lacks (one CDC added later) falls back to its description. */
  @Test
  void aCodeTheFileLacksFallsBackToItsDescription() throws IOException {
    VaccineGroups without =
        new VaccineGroups(
            CvxTable.bundled(), VaccineGroups.parse(new BufferedReader(new StringReader(""))));
    assertThat(without.listed("110")).isFalse();
    assertThat(without.of("110")).containsExactly("DTAP");
    assertThat(without.of("196")).containsExactly("TDAP");
    assertThat(without.of("69")).containsExactly("OTHER");
    assertThat(without.of("180")).isEmpty(); // tetanus immune globulin
    assertThat(without.of("9999")).containsExactly("OTHER");
  }

  @Test
  void theFileSortsAPairsGroupsAndRefusesNoneBesideAGroup() throws IOException {
    assertThat(
            VaccineGroups.parse(new BufferedReader(new StringReader("# c\n110,POLIO\n110,DTAP\n"))))
        .containsEntry("110", List.of("DTAP", "POLIO"));
    assertThatThrownBy(
            () -> VaccineGroups.parse(new BufferedReader(new StringReader("86,NONE\n86,OTHER\n"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> VaccineGroups.parse(new BufferedReader(new StringReader("86\n"))))
        .isInstanceOf(IllegalStateException.class);
  }
}
