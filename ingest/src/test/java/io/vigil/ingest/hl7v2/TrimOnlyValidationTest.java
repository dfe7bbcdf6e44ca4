package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.validation.PrimitiveTypeRule;
import ca.uhn.hl7v2.validation.ValidationContext;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TrimOnlyValidation} must behave exactly as HAPI's own "no validation" context, which it
 * replaces on the parse path: same values corrected the same way, same values accepted, for every
 * HL7 version HAPI knows and every primitive type.
 */
class TrimOnlyValidationTest {

  private static final ValidationContext HAPI = ValidationContextFactory.noValidation();
  private static final ValidationContext OURS = new TrimOnlyValidation();

  /** Primitive type names across the v2 versions, the trimmed ones among them. */
  private static final List<String> TYPES =
      List.of(
          "ST", "TX", "FT", "ID", "IS", "NM", "SI", "DT", "TM", "DTM", "TS", "TN", "GTS", "SNM",
          "NULLDT", "varies", "Varies", "st");

  private static final List<String> VALUES =
      Arrays.asList(
          null,
          "",
          "plain",
          "  two leading",
          "\tleading tab",
          "\r\n\u000B\f mixed leading",
          "trailing   ",
          " \t both \t ",
          "   ",
          "\u00A0no-break space is not \\s",
          "\u2003em space is not \\s",
          "inner  \t space",
          "\n",
          " é accented",
          "ends at a next line \u0085",
          "space before a final next line \u0085",
          "space before a final line separator \u2028",
          "space before a final paragraph separator\t\u2029",
          "a next line \u0085 not final ",
          "crlf at the end \r\n",
          "\u0085");

  @Test
  void correctsAndAcceptsExactlyAsHapisNoValidationForEveryVersionAndType() {
    List<String> versions = new ArrayList<>();
    for (Version v : Version.values()) {
      versions.add(v.getVersion());
    }
    versions.add("9.9");
    int trimmedPairs = 0;
    for (String version : versions) {
      for (String type : TYPES) {
        List<PrimitiveTypeRule> hapi = new ArrayList<>(HAPI.getPrimitiveRules(version, type, null));
        List<PrimitiveTypeRule> ours = new ArrayList<>(OURS.getPrimitiveRules(version, type, null));
        assertThat(ours).as("%s %s", version, type).hasSameSizeAs(hapi);
        if (!hapi.isEmpty()) {
          trimmedPairs++;
        }
        for (String value : VALUES) {
          assertThat(setValue(ours, value))
              .as("%s %s [%s]", version, type, value)
              .isEqualTo(setValue(hapi, value));
        }
      }
    }
    // The comparison means something only if HAPI does trim somewhere: ST, TX, FT in each version.
    assertThat(trimmedPairs).isEqualTo(3 * Version.values().length + 3);
  }

  @Test
  void checksNoMessageAndNoEncodingLikeHapi() {
    assertThat(OURS.getMessageRules("2.5.1", "ORU", "R01"))
        .hasSameSizeAs(HAPI.getMessageRules("2.5.1", "ORU", "R01"))
        .isEmpty();
    assertThat(OURS.getEncodingRules("2.5.1", "VB"))
        .hasSameSizeAs(HAPI.getEncodingRules("2.5.1", "VB"))
        .isEmpty();
    assertThat(OURS.getEncodingRules("2.5.1", "XML"))
        .hasSameSizeAs(HAPI.getEncodingRules("2.5.1", "XML"));
  }

  @Test
  void aParsedNameLosesItsLeadingWhitespaceButASetIdKeepsIt() throws Exception {
    String text =
        TestMessages.oru()
            .replace("\rPID|1||", "\rPID| 1||")
            .replace("||Testpatient^", "||\t Testpatient^");
    assertThat(text).contains("PID| 1||").contains("\t Testpatient^");
    ORU_R01 oru = (ORU_R01) new Hl7Parser().parse(text).message();
    var pid = oru.getPATIENT_RESULT().getPATIENT().getPID();
    // XPN-1.1 is ST: trimmed on the left. PID-1 is SI: HAPI's rules leave it alone.
    assertThat(pid.getPatientName(0).getFamilyName().getSurname().getValue())
        .isEqualTo("Testpatient");
    assertThat(pid.getSetIDPID().getValue()).isEqualTo(" 1");
  }

  /**
   * What {@code AbstractPrimitive.setValue} does with the rules: the corrected value, or why not.
   */
  private static String setValue(List<PrimitiveTypeRule> rules, String value) {
    String v = value;
    for (PrimitiveTypeRule rule : rules) {
      v = rule.correct(v);
      if (rule.apply(v).length > 0) {
        return "rejected";
      }
    }
    return "ok:" + v;
  }
}
