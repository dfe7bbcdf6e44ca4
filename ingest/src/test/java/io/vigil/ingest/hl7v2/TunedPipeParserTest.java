package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.ExtraComponents;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.parser.EncodingDetector;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tuned parser (with the lock-free rule cache) must build exactly the model HAPI's own {@code
 * PipeParser} builds (same classes, values, nulls, extra components, OBX-5 types) and fail exactly
 * where and how it fails.
 */
class TunedPipeParserTest {

  private static final List<String> GOLDEN =
      List.of(
          "oru_r01/bad_loinc_check_digit",
          "oru_r01/covid_pcr_positive",
          "oru_r01/enhanced_mode_al",
          "oru_r01/future_collection_date",
          "oru_r01/lead_level_numeric_older_feed",
          "oru_r01/local_code_only",
          "oru_r01/loinc_in_alternate_triplet",
          "oru_r01/missing_msh10",
          "oru_r01/salmonella_culture_snomed",
          "oru_r01/unsupported_type_adt_a01",
          "oru_r01/unsupported_version_2_3",
          "vxu_v04/covid_vaccine",
          "vxu_v04/enhanced_mode_er_success",
          "vxu_v04/future_administration_date",
          "vxu_v04/mmr_multiple_rxa",
          "vxu_v04/unknown_cvx");

  /** Fragments that exercise every delimiter, escapes, extra components and odd segments. */
  private static final List<String> FRAGMENTS =
      List.of(
          "|",
          "^",
          "&",
          "~",
          "\\",
          "||",
          "^^",
          "&&",
          "~~",
          "|~|",
          "^&^",
          "\\T\\",
          "\\E\\",
          "\\F\\",
          "\\S\\",
          "\\R\\",
          "\\X41\\",
          "\\.br\\",
          " ",
          "  x ",
          "x",
          "123",
          "^^^^^^^^^^",
          "&&&&&&",
          "^a&b&c^d",
          "~a^b~",
          "NM",
          "CWE",
          "ST",
          "TS",
          "SN",
          "\r",
          "\rNTE|1||a note^x&y",
          "\rZXX|a^b&c~d|e",
          "\rOBX|9|NM|1-8^x^LN||5.5|",
          "\rOBX|10||2-6^y^LN||v",
          "\rOBX|11|XX|||v",
          "\rSPM|2|id&ns||x^y^SCT",
          "\rORC|RE",
          "\rPID|1||9^^^A&B&C^MR");

  private final TunedPipeParser tuned = new TunedPipeParser(Hl7Parser.newContext());

  /** Plain HAPI: its own PipeParser and its own "no validation" context. */
  private final PipeParser reference = new PipeParser(referenceContext());

  private static HapiContext referenceContext() {
    HapiContext context = Hl7Parser.newContext();
    context.setValidationContext(ValidationContextFactory.noValidation());
    return context;
  }

  @Test
  void splitsExactlyAsHapiDoes() {
    char[] alphabet = {'a', '|', 'b'};
    for (int length = 0; length <= 11; length++) {
      int combinations = (int) Math.pow(alphabet.length, length);
      for (int n = 0; n < combinations; n++) {
        char[] chars = new char[length];
        int rest = n;
        for (int i = 0; i < length; i++) {
          chars[i] = alphabet[rest % alphabet.length];
          rest /= alphabet.length;
        }
        String s = new String(chars);
        String[] hapi = PipeParser.split(s, "|");
        assertThat(TunedPipeParser.split(s, '|')).as(s).isEqualTo(hapi);
        String[] ninth = TunedPipeParser.ninthPiece(s, '|');
        assertThat(ninth == null ? null : ninth[0])
            .as(s)
            .isEqualTo(hapi.length > 8 ? hapi[8] : null);
        assertThat(ninth == null).as(s).isEqualTo(hapi.length <= 8);
      }
    }
    assertThat(TunedPipeParser.split(null, '|')).isEqualTo(PipeParser.split(null, "|"));
  }

  @Test
  void recognisesEr7ExactlyAsHapiDoes() {
    char[] alphabet = {'|', '|', '|', '|', '\r', ' ', '\t', 'a', '#', '\n', '\u00a0'};
    Random random = new Random(20261206);
    int er7 = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder s = new StringBuilder(random.nextInt(8) == 0 ? "MS" : "MSH");
      int length = random.nextInt(48);
      for (int i = 0; i < length; i++) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = s.toString();
      boolean hapi = EncodingDetector.isEr7Encoded(text);
      assertThat(TunedPipeParser.isEr7Encoded(text))
          .as("%s", text.replace("\r", "<CR>"))
          .isEqualTo(hapi);
      er7 += hapi ? 1 : 0;
    }
    // Both verdicts, each often: otherwise the comparison proves little.
    assertThat(er7).isBetween(1_000, 49_000);
    for (String name : GOLDEN) {
      String golden = TestMessages.golden(name);
      for (String variant :
          List.of(
              golden, golden.replace("\rPID|", "\r  PID|"), golden.replace("\rOBX|", "\rOB|"))) {
        assertThat(TunedPipeParser.isEr7Encoded(variant))
            .as(name)
            .isEqualTo(EncodingDetector.isEr7Encoded(variant));
      }
    }
    assertThat(TunedPipeParser.isEr7Encoded("")).isFalse();
  }

  @Test
  void buildsTheSameModelForTheGoldenMessages() throws Exception {
    for (String name : GOLDEN) {
      assertSameOutcome(TestMessages.golden(name));
    }
    String oru = TestMessages.oru();
    assertSameOutcome(oru.replace("|^~\\&|", "|^~\\&#|"));
    for (String msh9 :
        List.of("ACK", "ACK^R01", "ORU^R01", "ORU", "", "^R01", "ORU^", "^^", "ORU^R01^")) {
      assertSameOutcome(TestMessages.set(oru, "MSH", 1, 9, msh9));
    }
    assertSameOutcome("MSH|^~\\&|A|B|C|D|2026||ORU^R01");
    assertSameOutcome("MSH|^~\\&|A|B|C|D|2026||");
    assertSameOutcome("MSH|^~\\&|A|B|C|D|2026|\rPID|1||x||y");
  }

  @Test
  void buildsTheSameModelForMutatedMessages() throws Exception {
    Random random = new Random(20261122);
    int failures = 0;
    for (int n = 0; n < 1000; n++) {
      String text = TestMessages.golden(GOLDEN.get(random.nextInt(GOLDEN.size())));
      int edits = 1 + random.nextInt(6);
      for (int e = 0; e < edits; e++) {
        text = mutate(text, random);
      }
      failures += assertSameOutcome(text) ? 0 : 1;
    }
    // The mutations must also reach HAPI's failure paths, or they prove less than they seem.
    assertThat(failures).isPositive();
    assertThat(failures).as("parsed variants").isLessThan(500);
  }

  private static String mutate(String text, Random random) {
    // Leave "MSH|^~\&|" alone most of the time so most variants still parse.
    int from = random.nextInt(10) == 0 ? 0 : Math.min(9, text.length());
    int at = from + random.nextInt(Math.max(1, text.length() - from));
    return switch (random.nextInt(4)) {
      case 0 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
      case 1 -> text.substring(0, at) + (char) (32 + random.nextInt(95)) + text.substring(at);
      default ->
          text.substring(0, at)
              + FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))
              + text.substring(at);
    };
  }

  /** True when both parsed; fails the test unless both did the same thing. */
  private boolean assertSameOutcome(String text) throws HL7Exception {
    Message expected;
    try {
      expected = reference.parse(text);
    } catch (HL7Exception | RuntimeException e) {
      Throwable actual = catchFrom(text);
      assertThat(actual).as(text).isNotNull();
      assertThat(describe(actual)).as(text).isEqualTo(describe(e));
      return false;
    }
    Message actual = tuned.parse(text);
    assertThat(dump(actual)).as(text).isEqualTo(dump(expected));
    assertThat(encode(tuned, actual)).as(text).isEqualTo(encode(reference, expected));
    return true;
  }

  private static String encode(PipeParser parser, Message message) {
    try {
      return parser.encode(message);
    } catch (HL7Exception | RuntimeException e) {
      return describe(e);
    }
  }

  private Throwable catchFrom(String text) {
    try {
      tuned.parse(text);
      return null;
    } catch (HL7Exception | RuntimeException e) {
      return e;
    }
  }

  private static String describe(Throwable e) {
    String s = e.getClass().getName() + ": " + e.getMessage();
    if (e instanceof HL7Exception h) {
      s += " " + h.getError() + " " + h.getLocation();
    }
    return s;
  }

  static String dump(Structure structure) throws HL7Exception {
    StringBuilder out = new StringBuilder();
    dump(structure, out);
    return out.toString();
  }

  private static void dump(Structure structure, StringBuilder out) throws HL7Exception {
    if (structure instanceof Group g) {
      out.append('{').append(g.getName());
      for (String name : g.getNames()) {
        for (Structure child : g.getAll(name)) {
          out.append(' ').append(name).append(':');
          dump(child, out);
        }
      }
      out.append('}');
      return;
    }
    Segment segment = (Segment) structure;
    out.append('[').append(segment.getName());
    for (int i = 1; i <= segment.numFields(); i++) {
      Type[] reps = segment.getField(i);
      for (int j = 0; j < reps.length; j++) {
        out.append('|').append(i).append('.').append(j).append('=');
        dump(reps[j], out);
      }
    }
    out.append("]\n");
  }

  private static void dump(Type type, StringBuilder out) {
    out.append(type.getClass().getSimpleName()).append('(');
    if (type instanceof Varies v) {
      dump(v.getData(), out);
    } else if (type instanceof Primitive p) {
      out.append(p.getValue() == null ? "<null>" : "'" + p.getValue() + "'");
    } else if (type instanceof Composite c) {
      for (Type component : c.getComponents()) {
        dump(component, out);
      }
    }
    ExtraComponents extra = type.getExtraComponents();
    List<Type> extras = new ArrayList<>();
    for (int i = 0; i < extra.numComponents(); i++) {
      extras.add(extra.getComponent(i));
    }
    for (Type t : extras) {
      out.append('+');
      dump(t, out);
    }
    out.append(')');
  }
}
