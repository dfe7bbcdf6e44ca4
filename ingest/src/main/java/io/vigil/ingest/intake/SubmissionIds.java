package io.vigil.ingest.intake;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Time-ordered submission ids (UUID version 7, RFC 9562): 48-bit Unix milliseconds, then random
 * bits. Sorting by id sorts by receipt time, which keeps the primary-key index append-mostly.
 *
 * <p>The ids are unique keys, not secrets, so the 74 random bits come from a per-thread {@link
 * SplittableRandom} seeded from {@link SecureRandom}: no lock shared by the intake threads and no
 * system entropy read per id.
 */
public final class SubmissionIds {
  private static final SecureRandom SEEDS = new SecureRandom();
  private static final ThreadLocal<SplittableRandom> RANDOM =
      ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

  private SubmissionIds() {}

  public static UUID next() {
    return at(System.currentTimeMillis());
  }

  /** A 20-character control id (MSH-10 / BHS-11) derived from a time-ordered id. */
  public static String controlId(UUID id) {
    return id.toString().replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT);
  }

  static UUID at(long epochMillis) {
    SplittableRandom random = RANDOM.get();
    long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16;
    msb |= 0x7000L; // version 7
    msb |= random.nextLong() & 0x0FFFL; // 12 random bits
    long lsb = 0x8000_0000_0000_0000L; // IETF variant
    lsb |= random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL; // 62 random bits
    return new UUID(msb, lsb);
  }
}
