package io.vigil.anchoring.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLeafTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Hash PAYLOAD =
      MerkleHash.sha256("MSH|^~\\&|LAB\r".getBytes(StandardCharsets.US_ASCII));
  private static final Instant RECEIVED = Instant.parse("2026-11-22T08:30:00.123456Z");
  private static final Instant COLLECTED = Instant.parse("2026-11-20T14:00:00Z");
  private static final Instant RESULTED = Instant.parse("2026-11-21T09:15:30.5Z");
  private static final Instant CREATED = Instant.parse("2026-11-22T03:29:59.000250Z");

  /** The worked example of anchoring/README.md: the leaf hash of a version-1 leaf in old logs. */
  private static final String V1_EXAMPLE_LEAF_HASH =
      "8010f60b55bd842efb7d4b3855b8efb8be138015a291476ae25745bee3dd2fb8";

  private static LogLeaf full() {
    return new LogLeaf(
        "LAB-001",
        "MSG00042",
        PAYLOAD,
        RECEIVED,
        "AA",
        Optional.of(COLLECTED),
        Optional.of(RESULTED),
        Optional.of(CREATED));
  }

  private static LogLeaf fullV1() {
    return LogLeaf.v1(
        "LAB-001",
        "MSG00042",
        PAYLOAD,
        RECEIVED,
        "AA",
        Optional.of(COLLECTED),
        Optional.of(RESULTED));
  }

  private static LogLeaf minimal() {
    return new LogLeaf(
        "LAB-001", "MSG00042", PAYLOAD, RECEIVED, "AA", Optional.empty(), Optional.empty());
  }

  @Test
  void encodesTheDocumentedVersion1LayoutWithItsPublishedHash() {
    // Assembled field by field from the layout in the javadoc and README, not from the encoder.
    String expected =
        "01"
            + "0007"
            + hex("LAB-001")
            + "0008"
            + hex("MSG00042")
            + PAYLOAD.hex()
            + String.format("%016x", 1_795_336_200_123_456L)
            + "0002"
            + hex("AA")
            + "03"
            + String.format("%016x", 1_795_183_200_000_000L)
            + String.format("%016x", 1_795_252_530_500_000L);
    assertThat(HEX.formatHex(fullV1().encode())).isEqualTo(expected);
    assertThat(fullV1().leafHash().hex()).isEqualTo(V1_EXAMPLE_LEAF_HASH);
    // An old leaf read back from the log re-encodes to the very same bytes, so its hash holds.
    LogLeaf decoded = LogLeaf.decode(HEX.parseHex(expected));
    assertThat(decoded.version()).isEqualTo(LogLeaf.VERSION_1);
    assertThat(decoded.messageCreatedAt()).isEmpty();
    assertThat(HEX.formatHex(decoded.encode())).isEqualTo(expected);
    assertThat(decoded.leafHash().hex()).isEqualTo(V1_EXAMPLE_LEAF_HASH);
  }

  @Test
  void encodesTheDocumentedVersion2Layout() {
    String expected =
        "02"
            + "0007"
            + hex("LAB-001")
            + "0008"
            + hex("MSG00042")
            + PAYLOAD.hex()
            + String.format("%016x", 1_795_336_200_123_456L)
            + "0002"
            + hex("AA")
            + "07"
            + String.format("%016x", 1_795_183_200_000_000L)
            + String.format("%016x", 1_795_252_530_500_000L)
            + String.format("%016x", 1_795_318_199_000_250L);
    assertThat(full().version()).isEqualTo(LogLeaf.VERSION).isEqualTo(2);
    assertThat(HEX.formatHex(full().encode())).isEqualTo(expected);
    assertThat(full().leafHash()).isEqualTo(MerkleHash.leafHash(HEX.parseHex(expected)));
    assertThat(full().leafHash().hex())
        .isEqualTo("567c14f3923f21dc163b09d5d0f235357496fb29ecf85d18efef6c66006cfb33");
    assertThat(HEX.formatHex(LogLeaf.decode(HEX.parseHex(expected)).encode())).isEqualTo(expected);
  }

  @Test
  void aVersion2LeafCarriesTheCreatedInstantAlone() {
    LogLeaf onlyCreated =
        new LogLeaf(
            "LAB-001",
            "MSG00042",
            PAYLOAD,
            RECEIVED,
            "AA",
            Optional.empty(),
            Optional.empty(),
            Optional.of(CREATED));
    byte[] encoded = onlyCreated.encode();
    byte[] none = minimal().encode();
    assertThat(encoded).hasSize(none.length + 8);
    assertThat(encoded[none.length - 1]).isEqualTo((byte) 0x04);
    assertThat(LogLeaf.decode(encoded)).isEqualTo(onlyCreated);
  }

  @Test
  void theSameFieldsInVersion1AndVersion2AreDifferentLeaves() {
    LogLeaf v1 =
        LogLeaf.v1(
            "LAB-001",
            "MSG00042",
            PAYLOAD,
            RECEIVED,
            "AA",
            Optional.of(COLLECTED),
            Optional.of(RESULTED));
    LogLeaf v2 =
        new LogLeaf(
            "LAB-001",
            "MSG00042",
            PAYLOAD,
            RECEIVED,
            "AA",
            Optional.of(COLLECTED),
            Optional.of(RESULTED));
    assertThat(v1).isNotEqualTo(v2);
    assertThat(v1.leafHash()).isNotEqualTo(v2.leafHash());
    assertThat(Arrays.copyOfRange(v1.encode(), 1, v1.encode().length))
        .isEqualTo(Arrays.copyOfRange(v2.encode(), 1, v2.encode().length));
    assertThat(LogLeaf.decode(v1.encode())).isEqualTo(v1);
    assertThat(LogLeaf.decode(v2.encode())).isEqualTo(v2);
  }

  @Test
  void aVersion1LeafCannotCarryACreatedInstant() {
    assertThatThrownBy(
            () ->
                new LogLeaf(
                    LogLeaf.VERSION_1,
                    "S",
                    "C",
                    PAYLOAD,
                    RECEIVED,
                    "AA",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(CREATED)))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("version-1");
    assertThatThrownBy(
            () ->
                new LogLeaf(
                    3,
                    "S",
                    "C",
                    PAYLOAD,
                    RECEIVED,
                    "AA",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("version");
  }

  @Test
  void encodesAbsentInstantsAsClearFlagsAndNoBytes() {
    byte[] encoded = minimal().encode();
    assertThat(encoded).hasSize(1 + 9 + 10 + 32 + 8 + 4 + 1);
    assertThat(encoded[encoded.length - 1]).isZero();
    LogLeaf onlyResulted =
        new LogLeaf(
            "LAB-001",
            "MSG00042",
            PAYLOAD,
            RECEIVED,
            "AA",
            Optional.empty(),
            Optional.of(RESULTED));
    byte[] withResulted = onlyResulted.encode();
    assertThat(withResulted[encoded.length - 1]).isEqualTo((byte) 0x02);
    assertThat(LogLeaf.decode(withResulted)).isEqualTo(onlyResulted);
  }

  @Test
  void roundTrips() {
    assertThat(LogLeaf.decode(full().encode())).isEqualTo(full());
    assertThat(LogLeaf.decode(fullV1().encode())).isEqualTo(fullV1());
    assertThat(LogLeaf.decode(minimal().encode())).isEqualTo(minimal());
    LogLeaf unicode =
        new LogLeaf(
            "Laboratoire Québec ✓",
            "Ж-𝄞-42",
            PAYLOAD,
            Instant.parse("1969-07-20T20:17:40.999999Z"),
            "CA",
            Optional.of(Instant.EPOCH),
            Optional.empty(),
            Optional.of(Instant.parse("1969-07-20T20:17:40.000001Z")));
    assertThat(LogLeaf.decode(unicode.encode())).isEqualTo(unicode);
  }

  @Test
  void roundTripsTheExtremesOfEpochMicroseconds() {
    Instant min =
        Instant.EPOCH
            .plusNanos(0)
            .plusSeconds(Math.floorDiv(Long.MIN_VALUE, 1_000_000L))
            .plusNanos(Math.floorMod(Long.MIN_VALUE, 1_000_000L) * 1_000L);
    Instant max =
        Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000L, (Long.MAX_VALUE % 1_000_000L) * 1_000L);
    LogLeaf leaf =
        new LogLeaf("S", "C", PAYLOAD, min, "AA", Optional.of(max), Optional.of(Instant.EPOCH));
    byte[] encoded = leaf.encode();
    assertThat(Arrays.copyOfRange(encoded, 1 + 3 + 3 + 32, 1 + 3 + 3 + 32 + 8))
        .isEqualTo(HEX.parseHex("8000000000000000"));
    assertThat(LogLeaf.decode(encoded)).isEqualTo(leaf);
    assertThatThrownBy(
            () ->
                new LogLeaf(
                    "S",
                    "C",
                    PAYLOAD,
                    max.plusNanos(1_000),
                    "AA",
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(MalformedLeafException.class);
  }

  @Test
  void truncatesInstantsToMicroseconds() {
    LogLeaf leaf =
        new LogLeaf(
            "S",
            "C",
            PAYLOAD,
            Instant.parse("2026-01-01T00:00:00.123456789Z"),
            "AA",
            Optional.of(Instant.parse("1960-01-01T00:00:00.000000999Z")),
            Optional.empty());
    assertThat(leaf.receivedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(leaf.specimenCollectedAt()).contains(Instant.parse("1960-01-01T00:00:00Z"));
    assertThat(LogLeaf.decode(leaf.encode())).isEqualTo(leaf);
  }

  @Test
  void everyProperPrefixIsRejected() {
    for (byte[] encoded : new byte[][] {full().encode(), fullV1().encode()}) {
      for (int length = 0; length < encoded.length; length++) {
        byte[] prefix = Arrays.copyOf(encoded, length);
        assertThatThrownBy(() -> LogLeaf.decode(prefix))
            .as("prefix of %d bytes", length)
            .isInstanceOf(MalformedLeafException.class);
      }
    }
  }

  @Test
  void rejectsTrailingBytes() {
    for (byte[] encoded : new byte[][] {minimal().encode(), full().encode(), fullV1().encode()}) {
      byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
      assertThatThrownBy(() -> LogLeaf.decode(longer))
          .isInstanceOf(MalformedLeafException.class)
          .hasMessageContaining("trailing");
    }
    // A version-1 leaf followed by eight bytes is not a version-2 leaf with a created instant.
    byte[] v1 = fullV1().encode();
    byte[] padded = Arrays.copyOf(v1, v1.length + 8);
    assertThatThrownBy(() -> LogLeaf.decode(padded))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x03, 0xFF})
  void rejectsUnknownVersions(int version) {
    byte[] encoded = minimal().encode();
    encoded[0] = (byte) version;
    assertThatThrownBy(() -> LogLeaf.decode(encoded))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("version");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x08, 0x80, 0xF8})
  void rejectsUnknownFlagBits(int flags) {
    byte[] encoded = minimal().encode();
    encoded[encoded.length - 1] = (byte) flags;
    assertThatThrownBy(() -> LogLeaf.decode(encoded))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("flag");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x04, 0x07, 0x08})
  void rejectsFlagBitsAVersion1LeafDoesNotHave(int flags) {
    // A version-1 leaf with bit 2 and eight more bytes would be a valid version-2 leaf: refused.
    byte[] encoded = minimal().encode();
    byte[] v1 = Arrays.copyOf(encoded, encoded.length + 8 * Integer.bitCount(flags & 0x07));
    v1[0] = 0x01;
    v1[encoded.length - 1] = (byte) flags;
    assertThatThrownBy(() -> LogLeaf.decode(v1))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("flag");
    v1[0] = 0x02;
    if ((flags & ~0x07) == 0) {
      assertThat(LogLeaf.decode(v1).version()).isEqualTo(2);
    }
  }

  @Test
  void logsSubmissionsWithoutAReadableFacilityOrControlId() {
    LogLeaf leaf = new LogLeaf("", "", PAYLOAD, RECEIVED, "AR", Optional.empty(), Optional.empty());
    byte[] encoded = leaf.encode();
    assertThat(encoded[1]).isZero();
    assertThat(encoded[2]).isZero();
    assertThat(LogLeaf.decode(encoded)).isEqualTo(leaf);
  }

  @Test
  void rejectsAnEmptyAckCodeAndOverlongLengths() {
    LogLeaf minimal = minimal();
    byte[] encoded = minimal.encode();
    // The ack code's length sits right after facility, control id, hash and received-at.
    int at = 1 + 2 + minimal.sendingFacility().length() + 2 + minimal.controlId().length() + 32 + 8;
    byte[] noAck = new byte[encoded.length - minimal.ackCode().length()];
    System.arraycopy(encoded, 0, noAck, 0, at);
    noAck[at] = 0;
    noAck[at + 1] = 0;
    System.arraycopy(
        encoded,
        at + 2 + minimal.ackCode().length(),
        noAck,
        at + 2,
        encoded.length - at - 2 - minimal.ackCode().length());
    assertThatThrownBy(() -> LogLeaf.decode(noAck))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("ack code is empty");

    byte[] overlong = minimal().encode();
    overlong[1] = (byte) 0xFF;
    assertThatThrownBy(() -> LogLeaf.decode(overlong)).isInstanceOf(MalformedLeafException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c080", "80", "eda080", "f4908080", "ff"})
  void rejectsMalformedUtf8(String badUtf8) {
    byte[] bad = HEX.parseHex(badUtf8);
    byte[] encoded = minimal().encode();
    // Replace the sending facility (offset 1, length 7) with the bad bytes.
    byte[] tampered = new byte[encoded.length - 7 + bad.length];
    tampered[0] = 1;
    tampered[1] = 0;
    tampered[2] = (byte) bad.length;
    System.arraycopy(bad, 0, tampered, 3, bad.length);
    System.arraycopy(encoded, 10, tampered, 3 + bad.length, encoded.length - 10);
    assertThatThrownBy(() -> LogLeaf.decode(tampered))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsFieldsThatCannotBeEncoded() {
    assertThatThrownBy(
            () -> new LogLeaf("S", "C", PAYLOAD, RECEIVED, "", Optional.empty(), Optional.empty()))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("ack code is empty");
    assertThatThrownBy(
            () ->
                new LogLeaf(
                    "S", "\uD800", PAYLOAD, RECEIVED, "AA", Optional.empty(), Optional.empty()))
        .isInstanceOf(MalformedLeafException.class);
    String tooLong = "é".repeat(32_768); // 65,536 UTF-8 bytes
    assertThatThrownBy(
            () ->
                new LogLeaf(
                    "S", "C", PAYLOAD, RECEIVED, tooLong, Optional.empty(), Optional.empty()))
        .isInstanceOf(MalformedLeafException.class);
    String longest = "a".repeat(65_535);
    LogLeaf leaf =
        new LogLeaf("S", "C", PAYLOAD, RECEIVED, longest, Optional.empty(), Optional.empty());
    assertThat(LogLeaf.decode(leaf.encode())).isEqualTo(leaf);
  }

  @Test
  void anyBytesThatDecodeReEncodeToThemselves() {
    // One encoding per leaf, in both versions: mutate valid encodings at random (seeded); whatever
    // still decodes must encode back to exactly the same bytes, and nothing else may be thrown.
    java.util.Random random = new java.util.Random(2026);
    byte[][] seeds = {full().encode(), fullV1().encode(), minimal().encode()};
    int decoded = 0;
    for (int round = 0; round < 5_000; round++) {
      byte[] bytes = seeds[round % seeds.length].clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(bytes.length);
        bytes[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : bytes[at] ^ 0x04);
      }
      if (random.nextInt(8) == 0) {
        bytes = Arrays.copyOf(bytes, bytes.length + (random.nextBoolean() ? 8 : -8));
      }
      try {
        LogLeaf leaf = LogLeaf.decode(bytes);
        decoded++;
        if (!Arrays.equals(leaf.encode(), bytes)) {
          assertThat(HEX.formatHex(leaf.encode()))
              .as("round %d", round)
              .isEqualTo(HEX.formatHex(bytes));
        }
      } catch (MalformedLeafException expected) {
        // refused: fine
      }
    }
    assertThat(decoded).as("some mutants are valid leaves").isPositive();
  }

  @Test
  void differentFieldsGiveDifferentLeafHashes() {
    LogLeaf other =
        new LogLeaf(
            "LAB-00", "1MSG00042", PAYLOAD, RECEIVED, "AA", Optional.empty(), Optional.empty());
    // Length prefixes keep "LAB-001"+"MSG00042" and "LAB-00"+"1MSG00042" apart.
    assertThat(other.leafHash()).isNotEqualTo(minimal().leafHash());
  }

  private static String hex(String text) {
    return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
  }
}
