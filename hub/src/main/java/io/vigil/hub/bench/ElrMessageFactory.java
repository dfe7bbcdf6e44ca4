package io.vigil.hub.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Realistic HL7 v2.5.1 ELR {@code ORU^R01} messages (shaped like the ELR 2.5.1 implementation guide
 * examples, ~1.8–2 KB) for load generation. All people, facilities and identifiers are fictional.
 *
 * <p>A fixed pool of variants (patient, lab, test, result, dates) is rendered and MLLP-framed once,
 * up front. Each message is one variant with a per-message sequence number patched into fixed-width
 * slots (MSH-10, the filler order number and the specimen id), so every message is unique while
 * producing one costs a {@code byte[]} copy. Keeping the pool small (rather than pre-encoding every
 * message) keeps tens of MB of payload out of the heap the benchmark reports.
 */
public final class ElrMessageFactory {
  /** MLLP start block. */
  public static final byte START_BLOCK = 0x0B;

  /** MLLP end block, followed by {@link #CARRIAGE_RETURN}. */
  public static final byte END_BLOCK = 0x1C;

  public static final byte CARRIAGE_RETURN = 0x0D;

  private static final int SLOT_DIGITS = 10;

  /** How many distinct sequence numbers (and so control ids) one factory has: 0 to 10¹⁰ − 1. */
  public static final long SEQUENCES = 10_000_000_000L;

  private static final String SLOT = "#".repeat(SLOT_DIGITS);
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final ZoneId ZONE = ZoneId.of("America/Chicago");

  private record Lab(
      String name, String shortName, String clia, String street, String city, String zip) {}

  private record Code(String code, String text) {}

  private static final List<Lab> LABS =
      List.of(
          new Lab(
              "Prairie State Public Health Laboratory",
              "PSPHL",
              "14D0999901",
              "825 N Rutledge St",
              "Springfield",
              "62702"),
          new Lab(
              "Lakeside Regional Medical Center Laboratory",
              "LRMCLAB",
              "14D0999902",
              "1200 Lakeshore Dr",
              "Evanston",
              "60201"),
          new Lab(
              "Northfield Reference Laboratories",
              "NFREFLAB",
              "14D0999903",
              "44 Commerce Pkwy",
              "Peoria",
              "61602"),
          new Lab(
              "Riverbend Community Hospital Lab",
              "RBCHLAB",
              "14D0999904",
              "310 River Rd",
              "Rockford",
              "61101"));

  // LOINC short names, as many LIS send them; the long common names would add ~120 bytes.
  private static final List<Code> TESTS =
      List.of(
          new Code("94500-6", "SARS-CoV-2 RNA Resp Ql NAA+probe"),
          new Code("94558-4", "SARS-CoV-2 Ag Resp Ql IA.rapid"),
          new Code("92142-9", "FLUAV RNA Resp Ql NAA+probe"),
          new Code("92141-1", "FLUBV RNA Resp Ql NAA+probe"));

  private static final List<Code> RESULTS =
      List.of(
          new Code("260373001", "Detected"),
          new Code("260415000", "Not detected"),
          new Code("260415000", "Not detected"),
          new Code("419984006", "Inconclusive"));

  private static final List<Code> SPECIMENS =
      List.of(
          new Code("258500001", "Nasopharyngeal swab"),
          new Code("697989009", "Anterior nares swab"),
          new Code("258529004", "Throat swab"));

  private static final List<Code> RACES =
      List.of(
          new Code("2106-3", "White"),
          new Code("2054-5", "Black or African American"),
          new Code("2028-9", "Asian"),
          new Code("1002-5", "American Indian or Alaska Native"),
          new Code("2131-1", "Other Race"));

  private static final List<Code> ETHNICITIES =
      List.of(
          new Code("2186-5", "Not Hispanic or Latino"), new Code("2135-2", "Hispanic or Latino"));

  private static final List<String> FIRST_F =
      List.of("Maria", "Aisha", "Emily", "Grace", "Lucia", "Hannah", "Mei", "Olivia", "Zoe");
  private static final List<String> FIRST_M =
      List.of("James", "Carlos", "Ethan", "Noah", "Tomas", "Daniel", "Kenji", "Samuel", "Omar");
  private static final List<String> LAST =
      List.of(
          "Testpatient",
          "Fictional",
          "Samplesen",
          "Demoe",
          "Exampleton",
          "Mockridge",
          "Placeholm",
          "Specimenez",
          "Notreal",
          "Synthetica");
  private static final List<String> STREETS =
      List.of("Maple Ave", "Oak St", "Cedar Ln", "Lincoln Hwy", "Prairie Rd", "Elm Ct");
  // city, zip, county FIPS (Illinois, all fictional addresses)
  private static final List<String[]> PLACES =
      List.of(
          new String[] {"Springfield", "62704", "17167"},
          new String[] {"Chicago", "60614", "17031"},
          new String[] {"Peoria", "61604", "17143"},
          new String[] {"Champaign", "61820", "17019"},
          new String[] {"Rockford", "61107", "17201"});

  private final String runId;
  private final List<Template> templates;
  private final int maxFrameLength;

  /**
   * Renders {@code variants} distinct message templates.
   *
   * @param seed varies names, dates, results and sending labs reproducibly
   * @param runId prefix of every MSH-10 (letters and digits, up to 8); distinct runs against the
   *     same hub need distinct run ids so no message is taken for a replay
   * @param variants size of the template pool (e.g. 1024)
   * @param now messages are dated in the days before this instant
   */
  public ElrMessageFactory(long seed, String runId, int variants, ZonedDateTime now) {
    if (!runId.matches("[A-Za-z0-9]{1,8}")) {
      throw new IllegalArgumentException("runId must be 1-8 letters or digits: " + runId);
    }
    if (variants < 1) {
      throw new IllegalArgumentException("variants must be >= 1");
    }
    this.runId = runId;
    SplittableRandom random = new SplittableRandom(seed);
    ZonedDateTime at = Objects.requireNonNull(now).withZoneSameInstant(ZONE).withNano(0);
    List<Template> list = new ArrayList<>(variants);
    int max = 0;
    for (int i = 0; i < variants; i++) {
      Template t = Template.of(render(random, at));
      list.add(t);
      max = Math.max(max, t.frame.length);
    }
    this.templates = List.copyOf(list);
    this.maxFrameLength = max;
  }

  /** The message control id (MSH-10) of message {@code sequence}. */
  public String controlId(long sequence) {
    return runId + "-" + digits(sequence);
  }

  /** Message {@code sequence} as text (segments separated by {@code \r}, no MLLP framing). */
  public String message(long sequence) {
    byte[] frame = new byte[maxFrameLength];
    int length = encodeFrame(sequence, frame);
    return new String(frame, 1, length - 3, StandardCharsets.US_ASCII);
  }

  /** Sending facilities (MSH-4) the messages come from. */
  public static int labCount() {
    return LABS.size();
  }

  /** Largest MLLP frame this factory produces, in bytes. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * Writes the MLLP frame of message {@code sequence} into {@code dst} (at least {@link
   * #maxFrameLength()} long) and returns its length.
   */
  public int encodeFrame(long sequence, byte[] dst) {
    if (sequence < 0 || sequence >= SEQUENCES) {
      throw new IllegalArgumentException("sequence out of range: " + sequence);
    }
    Template t = templates.get((int) Math.floorMod(mix(sequence), (long) templates.size()));
    System.arraycopy(t.frame, 0, dst, 0, t.frame.length);
    for (int slot : t.slots) {
      long v = sequence;
      for (int i = SLOT_DIGITS - 1; i >= 0; i--) {
        dst[slot + i] = (byte) ('0' + (v % 10));
        v /= 10;
      }
    }
    return t.frame.length;
  }

  /** {@code count} messages starting at {@code firstSequence}, as a load-generator source. */
  public MllpLoadGenerator.MessageSource frames(long firstSequence, int count) {
    return new MllpLoadGenerator.MessageSource() {
      @Override
      public int count() {
        return count;
      }

      @Override
      public int maxFrameLength() {
        return maxFrameLength;
      }

      @Override
      public int encodeFrame(int index, byte[] dst) {
        return ElrMessageFactory.this.encodeFrame(firstSequence + index, dst);
      }
    };
  }

  private static String digits(long sequence) {
    String s = Long.toString(sequence);
    return "0".repeat(Math.max(0, SLOT_DIGITS - s.length())) + s;
  }

  /** Spreads consecutive sequences over the templates without a visible period. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private String render(SplittableRandom r, ZonedDateTime now) {
    Lab lab = pick(r, LABS);
    Code test = pick(r, TESTS);
    Code result = pick(r, RESULTS);
    Code specimen = pick(r, SPECIMENS);
    boolean female = r.nextBoolean();
    String first = pick(r, female ? FIRST_F : FIRST_M);
    String last = pick(r, LAST);
    String middle = String.valueOf((char) ('A' + r.nextInt(26)));
    String[] place = pick(r, PLACES);
    Code race = pick(r, RACES);
    Code ethnicity = pick(r, ETHNICITIES);
    String dob = now.minusDays(365L + r.nextInt(365 * 90)).format(DATE);
    String mrn = String.valueOf(10_000_000 + r.nextInt(89_999_999));
    String placer = "PLC" + (100_000 + r.nextInt(899_999));
    String phone = "555" + (1000 + r.nextInt(8999));
    String npi = String.valueOf(1_000_000_000L + r.nextInt(999_999_999));

    // Dates run backwards from the message time so nothing is in the future.
    ZonedDateTime sent = now.minusMinutes(5 + r.nextInt(120));
    ZonedDateTime resulted = sent.minusMinutes(1 + r.nextInt(60));
    ZonedDateTime received = resulted.minusMinutes(60 + r.nextInt(12 * 60));
    ZonedDateTime collected = received.minusMinutes(60 + r.nextInt(36 * 60));
    String onset = collected.minusDays(r.nextInt(6)).format(DATE);
    String abnormal =
        switch (result.code()) {
          case "260373001" -> "A";
          case "260415000" -> "N";
          default -> "";
        };
    String cliaAuth = "CLIA&2.16.840.1.113883.4.7&ISO";
    // An HD inside a CX component: subcomponents, so '&'.
    String labHd = lab.shortName() + "&" + lab.clia() + "&CLIA";
    String labAddress = lab.street() + "^^" + lab.city() + "^IL^" + lab.zip() + "^USA^B";
    String provider = npi + "^Careful^Morgan^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI";
    String providerPhone = "^WPN^PH^^1^217^" + phone;
    String testCe = test.code() + "^" + test.text() + "^LN^^^^2.68";
    String filler = runId + SLOT + "^" + lab.shortName() + "^" + lab.clia() + "^CLIA";
    String placerEi = placer + "^EHR^2.16.840.1.113883.3.9999.2^ISO";

    StringBuilder m = new StringBuilder(2048);
    // MSH-15/16 stay empty: original acknowledgement mode, exactly one ACK per message.
    seg(m, "MSH", 21)
        .f(2, "^~\\&")
        .f(3, "LabSys^2.16.840.1.113883.3.9999.1^ISO")
        .f(4, lab.name() + "^" + lab.clia() + "^CLIA")
        .f(5, "VIGIL^2.16.840.1.113883.3.9999.99^ISO")
        .f(6, "IL_DPH^2.16.840.1.113883.3.9999.100^ISO")
        .f(7, sent.format(TS))
        .f(9, "ORU^R01^ORU_R01")
        .f(10, runId + "-" + SLOT)
        .f(11, "P")
        .f(12, "2.5.1")
        .f(21, "PHLabReport-Ack^^2.16.840.1.113883.9.10^ISO")
        .end();
    seg(m, "SFT", 6)
        .f(1, "Fictional LIS Inc.^L^^^^&2.16.840.1.113883.3.9999&ISO^XX^^^1234")
        .f(2, "4.2.1")
        .f(3, "LabSys")
        .f(4, "4.2.1.77")
        .f(6, "20250301")
        .end();
    seg(m, "PID", 22)
        .f(1, "1")
        .f(3, mrn + "^^^" + labHd + "^MR^" + labHd)
        .f(5, last + "^" + first + "^" + middle + "^^^^L")
        .f(7, dob)
        .f(8, female ? "F" : "M")
        .f(10, race.code() + "^" + race.text() + "^CDCREC^^^^1.0")
        .f(
            11,
            (100 + r.nextInt(9800))
                + " "
                + pick(r, STREETS)
                + "^^"
                + place[0]
                + "^IL^"
                + place[1]
                + "^USA^H^^"
                + place[2])
        .f(13, "^PRN^PH^^1^217^" + "555" + (1000 + r.nextInt(8999)))
        .f(22, ethnicity.code() + "^" + ethnicity.text() + "^CDCREC^^^^1.0")
        .end();
    seg(m, "ORC", 22)
        .f(1, "RE")
        .f(2, placerEi)
        .f(3, filler)
        .f(12, provider)
        .f(14, providerPhone)
        .f(21, "Riverside Family Clinic^L^^^^" + cliaAuth + "^XX^^^14D0888801")
        .f(22, "501 W Main St^^" + place[0] + "^IL^" + place[1] + "^USA^B")
        .end();
    seg(m, "OBR", 25)
        .f(1, "1")
        .f(2, placerEi)
        .f(3, filler)
        .f(4, testCe)
        .f(7, collected.format(TS))
        .f(16, provider)
        .f(17, providerPhone)
        .f(22, resulted.format(TS))
        .f(25, "F")
        .end();
    seg(m, "OBX", 24)
        .f(1, "1")
        .f(2, "CWE")
        .f(3, testCe)
        .f(4, "1")
        .f(5, result.code() + "^" + result.text() + "^SCT^^^^20200901")
        .f(8, abnormal)
        .f(11, "F")
        .f(14, collected.format(TS))
        .f(19, resulted.minusMinutes(20).format(TS))
        .f(23, lab.name() + "^L^^^^" + cliaAuth + "^XX^^^" + lab.clia())
        .f(24, labAddress)
        .end();
    boolean symptomatic = r.nextBoolean();
    seg(m, "OBX", 14)
        .f(1, "2")
        .f(2, "CWE")
        .f(3, "95419-8^Has symptoms related to condition of interest^LN^^^^2.68")
        .f(4, "2")
        .f(5, symptomatic ? "Y^Yes^HL70136" : "N^No^HL70136")
        .f(11, "F")
        .f(14, collected.format(TS))
        .end();
    if (symptomatic) {
      seg(m, "OBX", 14)
          .f(1, "3")
          .f(2, "DT")
          .f(3, "11368-8^Illness or injury onset date and time^LN^^^^2.68")
          .f(4, "3")
          .f(5, onset)
          .f(11, "F")
          .f(14, collected.format(TS))
          .end();
    }
    seg(m, "SPM", 18)
        .f(1, "1")
        .f(2, runId + SLOT + "&" + lab.shortName() + "&" + lab.clia() + "&CLIA")
        .f(4, specimen.code() + "^" + specimen.text() + "^SCT^^^^20200901")
        .f(17, collected.format(TS))
        .f(18, received.format(TS))
        .end();
    return m.toString();
  }

  private static <T> T pick(SplittableRandom r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  private static SegmentBuilder seg(StringBuilder out, String name, int fields) {
    return new SegmentBuilder(out, name, fields);
  }

  /** Writes one segment by field number, so the separator count never drifts. */
  private static final class SegmentBuilder {
    private final StringBuilder out;
    private final String name;
    private final String[] fields;

    SegmentBuilder(StringBuilder out, String name, int fields) {
      this.out = out;
      this.name = name;
      this.fields = new String[fields + 1];
    }

    SegmentBuilder f(int n, String value) {
      fields[n] = value;
      return this;
    }

    void end() {
      int last = fields.length - 1;
      while (last > 1 && (fields[last] == null || fields[last].isEmpty())) {
        last--;
      }
      out.append(name);
      // MSH-1 is the field separator itself: MSH-2 follows the first '|'.
      for (int i = name.equals("MSH") ? 2 : 1; i <= last; i++) {
        out.append('|');
        if (fields[i] != null) {
          out.append(fields[i]);
        }
      }
      out.append('\r');
    }
  }

  /** One pre-framed variant and the offsets of its sequence-number slots. */
  private record Template(byte[] frame, int[] slots) {
    static Template of(String message) {
      byte[] body = message.getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[body.length + 3];
      frame[0] = START_BLOCK;
      System.arraycopy(body, 0, frame, 1, body.length);
      frame[frame.length - 2] = END_BLOCK;
      frame[frame.length - 1] = CARRIAGE_RETURN;
      List<Integer> slots = new ArrayList<>();
      String framed = new String(frame, StandardCharsets.US_ASCII);
      for (int i = framed.indexOf(SLOT); i >= 0; i = framed.indexOf(SLOT, i + SLOT_DIGITS)) {
        slots.add(i);
      }
      return new Template(frame, slots.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
