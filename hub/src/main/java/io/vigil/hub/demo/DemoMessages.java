package io.vigil.hub.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders demo reports as HL7 v2.5.1 messages the way US labs and immunization registries send
 * them: ELR {@code ORU^R01} with SPM, and {@code VXU^V04}. Every patient is fictional; names are
 * built from letters only so each patient number is a distinct person to the hub.
 */
public final class DemoMessages {
  /** Sending facilities: name and CLIA number. */
  public static final List<String[]> LABS =
      List.of(
          new String[] {"Prairie State Public Health Laboratory", "14D0999901"},
          new String[] {"Lakeside Regional Medical Center Laboratory", "14D0999902"},
          new String[] {"Northfield Reference Laboratories", "14D0999903"});

  private static final Map<String, String[]> PLACES =
      Map.of(
          "17031", new String[] {"Chicago", "60614"},
          "17043", new String[] {"Wheaton", "60187"},
          "17167", new String[] {"Springfield", "62704"},
          "17019", new String[] {"Champaign", "61820"});

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private DemoMessages() {}

  /** The message of {@code r} with control id {@code controlId}. */
  public static String render(DemoReport r, String controlId) {
    String message =
        r.kind() == DemoReport.Kind.COVID_VACCINE ? vxu(r, controlId) : elr(r, controlId);
    if (r.malformed()) {
      // A broken header: the hub must answer AR and store it for audit.
      return message.replaceFirst("\\|2\\.5\\.1\\|", "|2.3|");
    }
    return message;
  }

  static String name(int patient) {
    StringBuilder b = new StringBuilder();
    int n = patient;
    do {
      b.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return "Demo" + b;
  }

  private static String pid(DemoReport r) {
    String[] place = PLACES.get(r.county());
    int age = 2 + (r.patient() * 37) % 85;
    LocalDate birth = r.day().minusYears(age).minusDays(r.patient() % 300);
    String sex = r.patient() % 2 == 0 ? "F" : "M";
    return "PID|1||DM"
        + r.patient()
        + "^^^DEMO&2.16.840.1.113883.3.9999.7&ISO^MR||"
        + name(r.patient())
        + "^Pat^^^^^L||"
        + DAY.format(birth)
        + "|"
        + sex
        + "||2106-3^White^CDCREC|"
        + (100 + r.patient() % 800)
        + " Demo St^^"
        + place[0]
        + "^IL^"
        + place[1]
        + "^USA^H^^"
        + r.county()
        + "||^PRN^PH^^1^217^5550000";
  }

  private static String elr(DemoReport r, String controlId) {
    String[] lab = LABS.get(r.lab());
    String collected = DAY.format(r.day()) + "091500-0600";
    String resulted = DAY.format(r.day()) + "160000-0600";
    boolean covid = r.kind() == DemoReport.Kind.COVID_PCR;
    String test =
        covid
            ? "94500-6^SARS-CoV-2 RNA Resp Ql NAA+probe^LN"
            : "92142-9^FLUAV RNA Resp Ql NAA+probe^LN";
    String result = r.positive() ? "260373001^Detected^SCT" : "260415000^Not detected^SCT";
    return String.join(
            "\r",
            "MSH|^~\\&|DemoLIS^2.16.840.1.113883.3.9999.8^ISO|"
                + lab[0]
                + "^"
                + lab[1]
                + "^CLIA|ELR_HUB^2.16.840.1.113883.3.9999.1^ISO|STATE_DOH^2.16.840.1.113883.3.9999^ISO|"
                + resulted
                + "||ORU^R01^ORU_R01|"
                + controlId
                + "|P|2.5.1|||||USA||||PHLabReport-NoAck^ELR_Receiver^2.16.840.1.113883.9.11^ISO",
            pid(r),
            "ORC|RE|ORD-"
                + controlId
                + "^DEMO^2.16.840.1.113883.3.9999.9^ISO|LAB-"
                + controlId
                + "^"
                + lab[0]
                + "^"
                + lab[1]
                + "^CLIA",
            "OBR|1|ORD-"
                + controlId
                + "^DEMO^2.16.840.1.113883.3.9999.9^ISO|LAB-"
                + controlId
                + "^"
                + lab[0]
                + "^"
                + lab[1]
                + "^CLIA|"
                + test
                + "|||"
                + collected
                + "|||||||||||||||"
                + resulted
                + "|||F",
            "OBX|1|CWE|"
                + test
                + "||"
                + result
                + "||||||F|||"
                + collected
                + "|"
                + lab[1]
                + "^"
                + lab[0]
                + "^CLIA||||"
                + resulted,
            "SPM|1|SP-"
                + controlId
                + "&"
                + lab[0]
                + "&"
                + lab[1]
                + "&CLIA||258500001^Nasopharyngeal swab^SCT|||||||||||||"
                + collected
                + "|"
                + collected)
        + "\r";
  }

  private static String vxu(DemoReport r, String controlId) {
    String[] lab = LABS.get(r.lab());
    String day = DAY.format(r.day());
    return String.join(
            "\r",
            "MSH|^~\\&|DemoEHR|"
                + lab[0]
                + "^"
                + lab[1]
                + "^CLIA|IIS|STATE_IIS|"
                + day
                + "150000-0600||VXU^V04^VXU_V04|"
                + controlId
                + "|P|2.5.1|||||||||Z22^CDCPHINVS",
            pid(r),
            "ORC|RE||IMM-" + controlId + "^DEMO",
            "RXA|0|1|"
                + day
                + "|"
                + day
                + "|309^COVID-19, mRNA, LNP-S, PF, tris-sucrose, 30 mcg/0.3 mL^CVX|0.3|mL^milliliters^UCUM||00^New immunization record^NIP001||||||EW0150|20270131|PFR^Pfizer, Inc^MVX|||CP|A",
            "OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1|V01^Not VFC eligible^HL70064||||||F|||"
                + day)
        + "\r";
  }
}
