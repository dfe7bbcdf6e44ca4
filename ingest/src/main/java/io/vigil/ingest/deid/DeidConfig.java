package io.vigil.ingest.deid;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the de-identification policy.
 *
 * @param personKeySecret secret key of the person-key HMAC (≥ 32 bytes; {@code
 *     deid.person-key-secret} as hex or base64; dev generates one into the data dir)
 * @param zone the time zone whose calendar days events are dated in (default UTC; a health
 *     department sets its own, e.g. {@code America/Chicago})
 * @param conditionsFile a replacement reportable-condition value set, else the bundled one
 */
public record DeidConfig(byte[] personKeySecret, ZoneId zone, Optional<Path> conditionsFile) {
  public DeidConfig {
    Objects.requireNonNull(personKeySecret, "personKeySecret");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(conditionsFile, "conditionsFile");
  }
}
