package io.vigil.ingest.intake;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered submission ids (UUID version 7, RFC 9562): 48-bit Unix milliseconds, then random
 * bits. Sorting by id sorts by receipt time, which keeps the primary-key index append-mostly.
 */
public final class SubmissionIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SubmissionIds() {}

  public static UUID next() {
    return at(System.currentTimeMillis());
  }

  /** A 20-character control id (MSH-10 / BHS-11) derived from a time-ordered id. */
  public static String controlId(UUID id) {
    return id.toString().replace("-", "").substring(0, 20).toUpperCase(java.util.Locale.ROOT);
  }

  static UUID at(long epochMillis) {
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16;
    msb |= 0x7000L; // version 7
    msb |= ((r[0] & 0x0FL) << 8) | (r[1] & 0xFFL);
    long lsb = 0x8000_0000_0000_0000L; // IETF variant
    lsb |= (r[2] & 0x3FL) << 56;
    for (int i = 3; i < 10; i++) {
      lsb |= (r[i] & 0xFFL) << (8 * (9 - i));
    }
    return new UUID(msb, lsb);
  }
}
