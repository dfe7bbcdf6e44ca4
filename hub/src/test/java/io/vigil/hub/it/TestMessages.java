package io.vigil.hub.it;

import java.nio.charset.StandardCharsets;

/** Realistic HL7 v2.5.1 messages for integration tests (fictional patients). */
public final class TestMessages {
  private TestMessages() {}

  /** An ELR ORU^R01 (SARS-CoV-2 PCR detected) from {@code facility} with MSH-10 {@code id}. */
  public static String elr(String facility, String controlId) {
    return String.join(
            "\r",
            "MSH|^~\\&|LabFlow^2.16.840.1.113883.3.1234.1^ISO|ACME Labs^"
                + facility
                + "^CLIA|ELR_HUB^2.16.840.1.113883.3.9999.1^ISO|STATE_DOH^2.16.840.1.113883.3.9999^ISO"
                + "|20250310143005-0500||ORU^R01^ORU_R01|"
                + controlId
                + "|P|2.5.1|||||USA||||PHLabReport-NoAck^ELR_Receiver^2.16.840.1.113883.9.11^ISO",
            "SFT|ACME Software Inc^L^^^^ACME&2.16.840.1.113883.3.1234&ISO^XX^^^4455|3.2.1|LabFlow"
                + "|3.2.1.123||20250101",
            "PID|1||MRN12345^^^ACME Labs&05D0000001&CLIA^MR^ACME Labs&05D0000001&CLIA"
                + "||Testpatient^Alice^M^^^^L||19850315|F||2106-3^White^CDCREC"
                + "|123 Main St^^Springfield^IL^62701^USA^H^^17167||^PRN^PH^^1^217^5550100"
                + "|||||||||2186-5^Not Hispanic or Latino^CDCREC",
            "ORC|RE|ORD-0001^EHR^2.16.840.1.113883.3.5555^ISO|LAB-0001^ACME Labs^05D0000001^CLIA"
                + "|||||||||1234567893^Provider^Paula^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI",
            "OBR|1|ORD-0001^EHR^2.16.840.1.113883.3.5555^ISO|LAB-0001^ACME Labs^05D0000001^CLIA"
                + "|94500-6^SARS-CoV-2 RNA NAA+probe Ql (Resp)^LN|||20250309091500-0500"
                + "|||||||||1234567893^Provider^Paula^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI"
                + "||||||20250310140000-0500|||F",
            "OBX|1|CWE|94500-6^SARS-CoV-2 RNA NAA+probe Ql (Resp)^LN||260373001^Detected^SCT"
                + "||||||F|||20250309091500-0500|05D0000001^ACME Labs^CLIA||||20250310120000-0500",
            "SPM|1|SPEC-0001&ACME Labs&05D0000001&CLIA^SPEC-0001&ACME Labs&05D0000001&CLIA"
                + "||258500001^Nasopharyngeal swab^SCT|||||||||||||20250309091500-0500"
                + "|20250309130000-0500")
        + "\r";
  }

  /**
   * An immunization VXU^V04 (a COVID-19 dose) with MSH-4 {@code facility} (empty: none, as the IZ
   * guide allows) and MSH-10 {@code controlId}.
   */
  public static String vxu(String facility, String controlId) {
    return String.join(
            "\r",
            "MSH|^~\\&|MyEHR|"
                + (facility.isEmpty() ? "" : "Springfield Pediatrics^" + facility + "^CLIA")
                + "|IIS|STATE_IIS|20250310101500-0500||VXU^V04^VXU_V04|"
                + controlId
                + "|P|2.5.1|||||USA||||Z22^CDCPHINVS",
            "PID|1||PAT1001^^^MyEHR^MR||Fictional^Jordan^Lee^^^^L||19900612|U"
                + "||2106-3^White^CDCREC|123 Any St^^Somewhere^WI^54000^USA^L",
            "ORC|RE||IZ-" + controlId + "^MyEHR|||||||I-23432^Nurse^Nancy^^^^^^MyEHR^L",
            "RXA|0|1|20250310|20250310|208^COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose^CVX|0.3"
                + "|mL^milliliters^UCUM||00^New immunization record^NIP001||||||LT7788XQ|20271231"
                + "|PFR^Pfizer, Inc^MVX|||CP|A",
            "RXR|C28161^Intramuscular^NCIT|LD^Left Deltoid^HL70163",
            "OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1"
                + "|V01^Not VFC eligible^HL70064||||||F|||20250310|||VXC40^Eligibility captured at"
                + " the immunization level^CDCPHINVS")
        + "\r";
  }

  /**
   * {@link #elr} carrying a laboratory report of {@code bytes} base64 characters (an {@code ED}
   * result), a message large enough to hold a receiver's memory budget.
   */
  static String withDocument(String facility, String controlId, int bytes) {
    return elr(facility, controlId)
        + "OBX|2|ED|11502-2^Laboratory report^LN||^AP^PDF^Base64^"
        + "QUJD".repeat(bytes / 4)
        + "||||||F\r";
  }

  /** {@code message} (one of the above) in enhanced acknowledgement mode: MSH-15 and MSH-16 set. */
  static String enhanced(String message, String msh15, String msh16) {
    String original = "|P|2.5.1|||||USA|";
    if (!message.contains(original)) {
      throw new IllegalArgumentException("no MSH-12..17 to replace");
    }
    return message.replace(original, "|P|2.5.1|||" + msh15 + "|" + msh16 + "|USA|");
  }

  /** An ADT^A01, which this hub does not accept. */
  static String adt(String facility, String controlId) {
    return "MSH|^~\\&|EHR|"
        + facility
        + "|HUB|DOH|20250310143005||ADT^A01^ADT_A01|"
        + controlId
        + "|P|2.5.1\rEVN|A01|20250310143005\rPID|1||123^^^H^MR||Doe^John||19800101|M\r";
  }

  static byte[] bytes(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] frame(String message) {
    return frame(bytes(message));
  }

  /** An MLLP frame around exactly these bytes (any charset, a byte-order mark included). */
  static byte[] frame(byte[] m) {
    byte[] f = new byte[m.length + 3];
    f[0] = 0x0B;
    System.arraycopy(m, 0, f, 1, m.length);
    f[m.length + 1] = 0x1C;
    f[m.length + 2] = 0x0D;
    return f;
  }
}
