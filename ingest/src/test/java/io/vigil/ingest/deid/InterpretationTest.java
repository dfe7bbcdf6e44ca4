package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpretationTest {

  /** Result texts as labs write them (several from published ELR messages). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Detected|positive",
        "DETECTED (A)|positive",
        "Positive.|positive",
        "Positive for Influenza A|positive",
        "Presumptive Positive|positive",
        "Reactive|positive",
        "POS|positive",
        "POS (A)|positive",
        "Present|positive",
        "Not Detected|negative",
        "NOT DETECTED.|negative",
        "Negative (qualifier value)|negative",
        "Negative for SARS-CoV-2|negative",
        "Non-Reactive|negative",
        "NON REACTIVE|negative",
        "Nonreactive|negative",
        "None detected|negative",
        "No 2019 nCoV RNA detected.|negative",
        "No growth after 5 days|negative",
        "neg|negative",
        "Neg [N]|negative",
        "Absent|negative",
        "Repeatedly Reactive|positive",
        "WEAKLY REACTIVE|positive",
        "Isolated|positive",
        "Not Isolated|negative",
        "No Salmonella isolated|negative",
        "SARS-CoV-2 RNA detected|positive",
        "Salmonella enteritidis isolated|indeterminate",
        "Normal genital flora isolated|indeterminate",
        "Negative/Not Detected|negative",
        "Positive/Detected|positive",
        "Positive, confirmed|positive",
        "Reactive, confirmed|positive",
        "Detected, below the limit of quantification|positive",
        "Presumptive positive: N1 detected, N2 not detected|positive",
        "Inconclusive: N2 detected, N1 not detected|indeterminate",
        "Negative for Influenza A and B; Positive for SARS-CoV-2|indeterminate",
        "NR|negative",
        "TND|negative",
        "Not reactive|negative",
        "SARS-CoV-2 RNA NOT DETECTED|negative",
        "Hepatitis B surface antigen Nonreactive|negative",
        "Target not detected by PCR|indeterminate",
        "Inconclusive|indeterminate",
        "SEE COMMENTS|indeterminate",
        "Detection pending|indeterminate",
        "Positively identified later|indeterminate",
        "No|indeterminate",
        "''|indeterminate",
        // One "No" over a list: the list's slashes and commas do not make its last item a finding.
        "No SARS-CoV-2/Influenza RNA detected|negative",
        "No Salmonella/Shigella detected|negative",
        "No Salmonella, Shigella, Campylobacter or STEC detected|negative",
        "No Salmonella, Shigella or Campylobacter isolated|negative",
        "No Salmonella detected; Shigella detected|indeterminate",
        // "<analyte> negative" reads as "<analyte> positive" does, so a multiplex text disagrees.
        "SARS-CoV-2: Negative|negative",
        "Result: Negative|negative",
        "COVID-19 NEGATIVE|negative",
        "SARS-CoV-2 RNA Negative|negative",
        "SARS-CoV-2 negative; Influenza A positive|indeterminate",
        "SARS-CoV-2 negative, Influenza A RNA detected|indeterminate",
        // The first sentence that answers is the answer; a reference range is no answer.
        "POSITIVE. Called to and read back by RN J Smith 04/02/2019 14:35|positive",
        "NEGATIVE. A negative result does not rule out infection|negative",
        "Not Detected. Reviewed by M Jones|negative",
        "See note. Detected|positive",
        "DETECTED, Reference range: NOT DETECTED|positive",
        "Not detected: Influenza A, Influenza B, RSV; Detected: SARS-CoV-2|indeterminate",
        "Reactive: titer 1:16|positive",
        "Undetectable|negative",
        "Not Det|negative",
        "*POSITIVE*|positive"
      })
  void readsResultTextAsLabsWriteIt(String text, String expected) {
    assertThat(Interpretation.ofText(text)).isEqualTo(expected);
  }

  /** The value first; the abnormal flag where the value says nothing (numbers, "See comments"). */
  @ParameterizedTest
  @CsvSource({
    "Not detected, A, negative",
    "Detected, N, positive",
    "7.5, H, positive",
    "0.2, N, negative",
    "SEE COMMENTS, POS, positive",
    "Inconclusive, '', indeterminate",
    // The flag reads this value; a generic interpretive key among its comments does not.
    "'11.2\nNonreactive: <0.8  Borderline: 0.8-0.9  Reactive: >0.9', H, positive",
    "'1250000\nReference range: Not detected', H, positive"
  })
  void readsTheValueBeforeTheAbnormalFlag(String value, String flag, String expected) {
    assertThat(Interpretation.of(result(Optional.empty(), value, flag), false)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"52101004,positive", "2667000,negative", "455371000124106,indeterminate"})
  void readsMoreSnomedQualifiers(String code, String expected) {
    LabResult r = result(Optional.of(new Coding(Coding.SNOMED, code, "")), "", "");
    assertThat(Interpretation.of(r, false)).isEqualTo(expected);
  }

  /**
   * After the flag: a titer below the first dilution is not reactive. An organism the value set
   * does not list, sent without a flag, says nothing about the test's condition (a meningococcus
   * grown on a gonorrhea culture is no gonorrhea): indeterminate; one it lists decides the
   * condition and is positive (DeidentifierTest).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|<^1^:^1|''|negative",
        "''|< 1:10|''|negative",
        "''|1:8|''|indeterminate",
        "''|<1:1|H|positive",
        // v2.7's serology flags (new6 n01h); FHIR's ObservationInterpretation has them too.
        "''|1:8|RR|positive",
        "''|1:2|WR|positive",
        "''|Titer to follow|NR|negative",
        "17872004:Neisseria meningitidis (organism)|''|''|indeterminate",
        "118128002:Hemolyzed specimen|''|''|indeterminate",
        "66543000:Campylobacter jejuni|''|N|negative",
        // Labs flag every growth abnormal: an unlisted organism flagged A is still no case.
        "83285000:Escherichia coli O157|''|A|indeterminate",
        "73457008:Proteus mirabilis|''|A|indeterminate",
        "80166006:Normal flora|''|''|indeterminate",
        "264868006:No growth|''|''|negative",
        "397934002:Specimen not done|''|''|indeterminate",
        "66543000:|''|''|indeterminate"
      })
  void readsTitersAndOrganismsWhereNoFlagSpeaks(
      String coded, String value, String flag, String expected) {
    Optional<Coding> code =
        coded.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Coding(
                    Coding.SNOMED,
                    coded.substring(0, coded.indexOf(':')),
                    coded.substring(coded.indexOf(':') + 1)));
    assertThat(Interpretation.of(result(code, value, flag), false)).isEqualTo(expected);
  }

  /**
   * Blood lead sent without a flag, read against its own reference range; no other test is (a cycle
   * threshold below its cutoff is virus found, an antibody above its range immunity).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "=^4.0|0.0-3.4|positive",
        "9.2|0.0-5.0 ug/dL|positive",
        "3.0|<5 ug/dL|negative",
        "4.0|0.0 - 3.4|positive",
        "=^1.0|0.0-3.4|negative",
        "3.4|0.0-3.4|negative",
        "<^3.3|0.0 - 5.0|negative",
        "<3.3|<3.5|negative",
        "<20|<20|negative",
        "20|<20|positive",
        "1200|<=20|positive",
        ">^10|0-5|positive",
        ">3|0-5|indeterminate",
        "<10|0-5|indeterminate",
        "-1|0-5|indeterminate",
        "4.0|''|indeterminate",
        "4.0|see comment|indeterminate",
        "high|0-5|indeterminate"
      })
  void readsANumberAgainstItsReferenceRange(String value, String range, String expected) {
    assertThat(Interpretation.of(numeric("5671-3", value, range), false)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "94311-8, 24, <40", // SARS-CoV-2 N1 cycle threshold: below the cutoff is virus found
    "13955-0, 0.95, 0.00-0.89", // HCV antibody index in its grey zone
    "11259-9, <15, <15", // HCV RNA below the quantification limit: detected or not, unsaid
    "22322-2, 120, 0-10" // HBsAb: above the range is immunity
  })
  void readsNoOtherNumberAgainstItsRange(String loinc, String value, String range) {
    assertThat(Interpretation.of(numeric(loinc, value, range), false)).isEqualTo("indeterminate");
  }

  /** The lab's comment lines on a result say what the result alone does not. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "11259-9|<^15\\nHCV RNA detected, below the lower limit of quantification|positive",
        "11259-9|<^15\\nTarget not detected|negative",
        "5671-3|4.0\\nReported to the state lead program|positive",
        "11259-9|Detected\\nSee the attached report|positive"
      })
  void readsTheCommentsOnAResultWhereTheResultSaysNothing(
      String loinc, String value, String expected) {
    assertThat(Interpretation.of(numeric(loinc, value.replace("\\n", "\n"), "0.0-3.4"), false))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void readsTheCommentsOnACodedResultWhereItsCodeSaysNothing() {
    LabResult organism =
        result(
            Optional.of(new Coding(Coding.SNOMED, "17872004", "Neisseria meningitidis")),
            "\nNo Neisseria gonorrhoeae isolated",
            "");
    assertThat(Interpretation.of(organism, false)).isEqualTo("negative");
  }

  /** A qualifier whose own text says the opposite counts as neither (OBX5_CODE_TEXT_DISAGREE). */
  @org.junit.jupiter.api.Test
  void readsAQualifierWhoseTextSaysTheOppositeAsIndeterminate() {
    assertThat(
            Interpretation.of(
                result(Optional.of(new Coding(Coding.SNOMED, "260373001", "Not detected")), "", ""),
                false))
        .isEqualTo(Interpretation.INDETERMINATE);
    assertThat(
            Interpretation.of(
                result(Optional.of(new Coding(Coding.SNOMED, "260373001", "Detected")), "", "N"),
                false))
        .isEqualTo(Interpretation.POSITIVE);
  }

  private static LabResult numeric(String loinc, String value, String range) {
    return numeric(loinc, value, range, "");
  }

  /** A final result of {@code loinc} with an uncoded value, its flag and reference range. */
  static LabResult numeric(String loinc, String value, String range, String flag) {
    return new LabResult(
        new Coding(Coding.LOINC, loinc, ""),
        Optional.empty(),
        value,
        flag,
        "F",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "",
        range);
  }

  private static LabResult result(Optional<Coding> coded, String value, String flag) {
    return new LabResult(
        new Coding(Coding.LOINC, "94500-6", ""),
        coded,
        value,
        flag,
        "F",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
