package io.vigil.anchoring.leaf;

import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What the submission log commits to for one submission: who sent it, its control id, the SHA-256
 * of the exact payload bytes received, when it was received, the acknowledgement returned, and the
 * optional timeliness instants.
 *
 * <p>Encoding (all integers big-endian; {@code str} is a 2-byte unsigned length {@code 0..65535}
 * followed by that many bytes of well-formed UTF-8 — the ack code is never empty, the facility and
 * control id are empty when the message did not carry a readable one, because every stored
 * submission is logged, rejected ones included; {@code micros} is a signed 8-byte count of
 * microseconds since 1970-01-01T00:00:00Z):
 *
 * <pre>
 * field                   size        notes
 * version                 1           0x02 (0x01 for leaves written before version 2)
 * sending facility        str         sender id as authenticated by the hub
 * control id              str         MSH-10 or Bundle.identifier
 * payload SHA-256         32          SHA-256 of the exact bytes received
 * received at             micros      hub clock when the submission was committed
 * acknowledgement code    str         e.g. AA, AE, AR, CA, CE, CR
 * flags                   1           bit 0: specimen collected present
 *                                     bit 1: resulted present
 *                                     bit 2: message created present (version 2 only)
 *                                     other bits are 0
 * specimen collected at   micros      only if flag bit 0
 * resulted at             micros      only if flag bit 1
 * message created at      micros      only if flag bit 2
 * </pre>
 *
 * <p>Version 1 is the same layout without flag bit 2 and its field. Both versions are read, and a
 * decoded leaf re-encodes to exactly the bytes it came from (its {@link #version()} is kept), so
 * the hashes of leaves already in the log never change; new leaves are written as version 2. In a
 * version-2 leaf a clear bit 2 means the message carried no readable creation time; a version-1
 * leaf says nothing about it.
 *
 * <p>Nothing follows the last field. {@link #decode} accepts only this exact form, so every leaf
 * has exactly one encoding. Instants are truncated to whole microseconds on construction. The leaf
 * hash is RFC 9162's {@code SHA-256(0x00 || encoding)}.
 *
 * @param version encoding version, {@link #VERSION_1} or {@link #VERSION}
 * @param sendingFacility sender id; empty when the message had no readable one
 * @param controlId message control id; empty when the message had none
 * @param payloadSha256 SHA-256 of the payload bytes
 * @param receivedAt receipt instant
 * @param ackCode non-empty acknowledgement code
 * @param specimenCollectedAt when the specimen was collected, if known
 * @param resultedAt when the result was produced, if known
 * @param messageCreatedAt when the sender created the message (MSH-7, MessageHeader or {@code
 *     Bundle.timestamp}), if known; always empty in a version-1 leaf
 */
public record LogLeaf(
    int version,
    String sendingFacility,
    String controlId,
    Hash payloadSha256,
    Instant receivedAt,
    String ackCode,
    Optional<Instant> specimenCollectedAt,
    Optional<Instant> resultedAt,
    Optional<Instant> messageCreatedAt) {

  /** The encoding version new leaves are written in. */
  public static final int VERSION = 2;

  /** The first encoding version, still read and re-encoded byte for byte. */
  public static final int VERSION_1 = 1;

  private static final int MAX_STRING_BYTES = 0xFFFF;
  private static final int FLAG_SPECIMEN_COLLECTED = 0x01;
  private static final int FLAG_RESULTED = 0x02;
  private static final int FLAG_MESSAGE_CREATED = 0x04;
  private static final int KNOWN_FLAGS_V1 = FLAG_SPECIMEN_COLLECTED | FLAG_RESULTED;
  private static final int KNOWN_FLAGS_V2 = KNOWN_FLAGS_V1 | FLAG_MESSAGE_CREATED;

  /**
   * Validates the fields and truncates instants to microseconds.
   *
   * @throws MalformedLeafException if the version is unknown, a version-1 leaf has a message
   *     creation instant, a string is empty, too long or not encodable as UTF-8, or an instant is
   *     outside the range of 64-bit epoch microseconds
   */
  public LogLeaf {
    if (version != VERSION_1 && version != VERSION) {
      throw new MalformedLeafException("unknown leaf version " + version);
    }
    Objects.requireNonNull(payloadSha256, "payloadSha256");
    receivedAt = toMicros(Objects.requireNonNull(receivedAt, "receivedAt"));
    specimenCollectedAt = specimenCollectedAt.map(LogLeaf::toMicros);
    resultedAt = resultedAt.map(LogLeaf::toMicros);
    messageCreatedAt = messageCreatedAt.map(LogLeaf::toMicros);
    if (version == VERSION_1 && messageCreatedAt.isPresent()) {
      throw new MalformedLeafException("a version-1 leaf has no message-created instant");
    }
    utf8("sending facility", sendingFacility);
    utf8("control id", controlId);
    if (ackCode.isEmpty()) {
      throw new MalformedLeafException("ack code is empty");
    }
    utf8("ack code", ackCode);
  }

  /** A new leaf, written as the current {@link #VERSION}. */
  public LogLeaf(
      String sendingFacility,
      String controlId,
      Hash payloadSha256,
      Instant receivedAt,
      String ackCode,
      Optional<Instant> specimenCollectedAt,
      Optional<Instant> resultedAt,
      Optional<Instant> messageCreatedAt) {
    this(
        VERSION,
        sendingFacility,
        controlId,
        payloadSha256,
        receivedAt,
        ackCode,
        specimenCollectedAt,
        resultedAt,
        messageCreatedAt);
  }

  /** A new leaf, written as the current {@link #VERSION}, whose message had no creation time. */
  public LogLeaf(
      String sendingFacility,
      String controlId,
      Hash payloadSha256,
      Instant receivedAt,
      String ackCode,
      Optional<Instant> specimenCollectedAt,
      Optional<Instant> resultedAt) {
    this(
        sendingFacility,
        controlId,
        payloadSha256,
        receivedAt,
        ackCode,
        specimenCollectedAt,
        resultedAt,
        Optional.empty());
  }

  /** A version-1 leaf, as the log held before version 2 (for reading old logs and tests). */
  public static LogLeaf v1(
      String sendingFacility,
      String controlId,
      Hash payloadSha256,
      Instant receivedAt,
      String ackCode,
      Optional<Instant> specimenCollectedAt,
      Optional<Instant> resultedAt) {
    return new LogLeaf(
        VERSION_1,
        sendingFacility,
        controlId,
        payloadSha256,
        receivedAt,
        ackCode,
        specimenCollectedAt,
        resultedAt,
        Optional.empty());
  }

  /** The encoding of this leaf's {@link #version()}, described on this class. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(136);
    out.write(version);
    writeString(out, utf8("sending facility", sendingFacility));
    writeString(out, utf8("control id", controlId));
    out.writeBytes(payloadSha256.bytes());
    writeLong(out, epochMicros(receivedAt));
    writeString(out, utf8("ack code", ackCode));
    int flags =
        (specimenCollectedAt.isPresent() ? FLAG_SPECIMEN_COLLECTED : 0)
            | (resultedAt.isPresent() ? FLAG_RESULTED : 0)
            | (messageCreatedAt.isPresent() ? FLAG_MESSAGE_CREATED : 0);
    out.write(flags);
    specimenCollectedAt.ifPresent(instant -> writeLong(out, epochMicros(instant)));
    resultedAt.ifPresent(instant -> writeLong(out, epochMicros(instant)));
    messageCreatedAt.ifPresent(instant -> writeLong(out, epochMicros(instant)));
    return out.toByteArray();
  }

  /** {@code SHA-256(0x00 || encode())}, the hash appended to the Merkle log. */
  public Hash leafHash() {
    return MerkleHash.leafHash(encode());
  }

  /**
   * Strictly decodes a version-1 or version-2 encoding.
   *
   * @throws MalformedLeafException on an unknown version, a bad or zero length, malformed UTF-8,
   *     flag bits unknown to the version, truncation, or trailing bytes
   */
  public static LogLeaf decode(byte[] encoded) {
    ByteBuffer in = ByteBuffer.wrap(encoded).asReadOnlyBuffer();
    int version = readUnsignedByte(in, "version");
    if (version != VERSION_1 && version != VERSION) {
      throw new MalformedLeafException("unknown leaf version " + version);
    }
    String sendingFacility = readString(in, "sending facility");
    String controlId = readString(in, "control id");
    byte[] payloadSha256 = new byte[Hash.LENGTH];
    require(in, Hash.LENGTH, "payload SHA-256");
    in.get(payloadSha256);
    Instant receivedAt = readInstant(in, "received at");
    String ackCode = readString(in, "ack code");
    if (ackCode.isEmpty()) {
      throw new MalformedLeafException("ack code is empty");
    }
    int flags = readUnsignedByte(in, "flags");
    int known = version == VERSION_1 ? KNOWN_FLAGS_V1 : KNOWN_FLAGS_V2;
    if ((flags & ~known) != 0) {
      throw new MalformedLeafException(
          "unknown flag bits 0x" + Integer.toHexString(flags) + " for version " + version);
    }
    Optional<Instant> specimenCollectedAt =
        (flags & FLAG_SPECIMEN_COLLECTED) != 0
            ? Optional.of(readInstant(in, "specimen collected at"))
            : Optional.empty();
    Optional<Instant> resultedAt =
        (flags & FLAG_RESULTED) != 0
            ? Optional.of(readInstant(in, "resulted at"))
            : Optional.empty();
    Optional<Instant> messageCreatedAt =
        (flags & FLAG_MESSAGE_CREATED) != 0
            ? Optional.of(readInstant(in, "message created at"))
            : Optional.empty();
    if (in.hasRemaining()) {
      throw new MalformedLeafException(in.remaining() + " trailing bytes after the leaf");
    }
    return new LogLeaf(
        version,
        sendingFacility,
        controlId,
        Hash.of(payloadSha256),
        receivedAt,
        ackCode,
        specimenCollectedAt,
        resultedAt,
        messageCreatedAt);
  }

  private static Instant toMicros(Instant instant) {
    epochMicros(instant); // range check
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static long epochMicros(Instant instant) {
    long seconds = instant.getEpochSecond();
    long micros = instant.getNano() / 1_000;
    if (seconds < 0 && micros > 0) {
      // Borrow a second so both terms share a sign and only a real overflow throws.
      seconds++;
      micros -= 1_000_000L;
    }
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
    } catch (ArithmeticException e) {
      throw new MalformedLeafException("instant " + instant + " overflows epoch microseconds");
    }
  }

  private static byte[] utf8(String field, String value) {
    Objects.requireNonNull(value, field);
    ByteBuffer bytes;
    try {
      bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw new MalformedLeafException(field + " is not valid Unicode (lone surrogate)");
    }
    if (bytes.remaining() > MAX_STRING_BYTES) {
      throw new MalformedLeafException(field + " exceeds " + MAX_STRING_BYTES + " UTF-8 bytes");
    }
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return out;
  }

  private static void writeString(ByteArrayOutputStream out, byte[] utf8) {
    out.write(utf8.length >>> 8);
    out.write(utf8.length);
    out.writeBytes(utf8);
  }

  private static void writeLong(ByteArrayOutputStream out, long value) {
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
  }

  private static String readString(ByteBuffer in, String field) {
    require(in, 2, field + " length");
    int length = Short.toUnsignedInt(in.getShort());
    require(in, length, field);
    ByteBuffer slice = in.slice().limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedLeafException(field + " is not well-formed UTF-8");
    }
  }

  private static Instant readInstant(ByteBuffer in, String field) {
    require(in, Long.BYTES, field);
    long micros = in.getLong();
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static int readUnsignedByte(ByteBuffer in, String field) {
    require(in, 1, field);
    return Byte.toUnsignedInt(in.get());
  }

  private static void require(ByteBuffer in, int length, String field) {
    if (in.remaining() < length) {
      throw new MalformedLeafException(
          "truncated at " + field + ": need " + length + " bytes, have " + in.remaining());
    }
  }
}
