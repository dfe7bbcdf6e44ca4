package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.TestMessages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lab result's identity across its versions ({@link LabResult#identity()}): the order number, the
 * test and the sub-id the lab repeats in every version it sends.
 */
class ResultIdentityTest {
  private static final io.vigil.ingest.hl7v2.Hl7v2Examiner EXAMINER =
      Hl7v2ReportMapperTest.EXAMINER;

  /**
   * A result is known across its versions (preliminary, final, corrected, withdrawn) by the
   * filler's order number, else the placer's, with its test and sub-id; without one it has none.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "OBR-3 and ORC-3; ; filler|LAB-0001",
        "ORC-3 only; OBR3; filler|LAB-0001",
        "the placer's only; OBR3 ORC3; placer|ORD-0001^EHR^2.16.840.1.113883.3.5555",
        "none; OBR3 ORC3 OBR2 ORC2; ''",
      })
  void knowsAResultAcrossItsVersionsByItsOrderNumber(
      String sent, String emptied, String orderIdentity) {
    String message = TestMessages.oru();
    for (String field : emptied == null ? new String[0] : emptied.split(" ")) {
      message = withoutField(message, field.substring(0, 3), field.charAt(3) - '0');
    }
    Examination exam = EXAMINER.examine(message.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.report()).as(sent).isPresent();
    assertThat(exam.report().get().patients().get(0).labResults())
        .extracting(LabResult::identity)
        .containsExactly(
            orderIdentity.isEmpty() ? "" : orderIdentity + "|http://loinc.org^94500-6||1");
  }

  /**
   * A correction made on another path than the original (a correction screen, an engine that
   * re-formats) names the result as the original did although its OBX-4 reads 1 where the original
   * left it empty, or its filler number lost or changed its assigning authority (elr5 k01, k02).
   */
  @Test
  void knowsAResultWhoseSubIdOrFillerAuthorityChangedBetweenVersions() {
    String message = TestMessages.oru();
    java.util.function.Function<String, String> identity = m -> labResults(m).get(0).identity();
    String original = identity.apply(message);
    assertThat(identity.apply(TestMessages.set(message, "OBX", 1, 4, "1"))).isEqualTo(original);
    assertThat(identity.apply(TestMessages.set(message, "OBR", 1, 3, "lab-0001 ")))
        .isEqualTo(original);
    assertThat(identity.apply(TestMessages.set(message, "OBR", 1, 3, "LAB-0001^^2.16.1^ISO")))
        .isEqualTo(original);
    // Another sub-id, another filler number: another result.
    assertThat(identity.apply(TestMessages.set(message, "OBX", 1, 4, "2"))).isNotEqualTo(original);
    assertThat(identity.apply(TestMessages.set(message, "OBR", 1, 3, "LAB-0002")))
        .isNotEqualTo(original);
  }

  /** The first patient's results of an accepted message. */
  private static java.util.List<LabResult> labResults(String message) {
    return EXAMINER
        .examine(message.getBytes(StandardCharsets.UTF_8))
        .report()
        .orElseThrow()
        .patients()
        .get(0)
        .labResults();
  }

  /** Repeats of one test in an order stay apart: by their sub-ids (any form), else by turn. */
  @Test
  void tellsApartRepeatsOfOneTestInAnOrder() {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String twice = message.replace(obx, obx + "\r" + obx.replace("OBX|1|", "OBX|2|"));
    java.util.function.Function<String, java.util.List<String>> identities =
        m ->
            labResults(m).stream()
                .map(r -> r.identity().substring(r.identity().lastIndexOf("94500-6")))
                .toList();
    assertThat(identities.apply(twice)).containsExactly("94500-6||1", "94500-6||2");
    String og = twice.replaceFirst("(OBX\\|2\\|CWE\\|[^|]*\\|)\\|", "$1^3^2|");
    assertThat(identities.apply(og)).containsExactly("94500-6||1", "94500-6|^3^2|1");
  }

  private static String withoutField(String message, String segment, int field) {
    return message
        .lines()
        .map(
            l -> {
              if (!l.startsWith(segment + "|")) {
                return l;
              }
              String[] f = l.split("\\|", -1);
              f[field] = "";
              return String.join("|", f);
            })
        .collect(java.util.stream.Collectors.joining("\r"));
  }
}
