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

  private static LogLeaf full() {
    return new LogLeaf(
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
  void encodesTheDocumentedLayout() {
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
    assertThat(HEX.formatHex(full().encode())).isEqualTo(expected);
    assertThat(full().leafHash()).isEqualTo(MerkleHash.leafHash(HEX.parseHex(expected)));
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
    assertThat(LogLeaf.decode(minimal().encode())).isEqualTo(minimal());
    LogLeaf unicode =
        new LogLeaf(
            "Laboratoire Québec ✓",
            "Ж-𝄞-42",
            PAYLOAD,
            Instant.parse("1969-07-20T20:17:40.999999Z"),
            "CA",
            Optional.of(Instant.EPOCH),
            Optional.empty());
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
    byte[] encoded = full().encode();
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> LogLeaf.decode(prefix))
          .as("prefix of %d bytes", length)
          .isInstanceOf(MalformedLeafException.class);
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] encoded = minimal().encode();
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> LogLeaf.decode(longer))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("trailing");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x02, 0xFF})
  void rejectsUnknownVersions(int version) {
    byte[] encoded = minimal().encode();
    encoded[0] = (byte) version;
    assertThatThrownBy(() -> LogLeaf.decode(encoded))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("version");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x04, 0x80, 0xFC})
  void rejectsUnknownFlagBits(int flags) {
    byte[] encoded = minimal().encode();
    encoded[encoded.length - 1] = (byte) flags;
    assertThatThrownBy(() -> LogLeaf.decode(encoded))
        .isInstanceOf(MalformedLeafException.class)
        .hasMessageContaining("flag");
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
