package io.vigil.anchoring.log;

import java.time.Duration;

/**
 * Submission log settings.
 *
 * @param origin the log's origin line in checkpoints (a schema-less URL naming this log); default
 *     {@code vigil.dev/log} in dev mode, required in production
 * @param signerKey the Ed25519 checkpoint signing key in {@code PRIVATE+KEY+…} form (secret; never
 *     logged); dev mode generates one and keeps it in the data directory
 * @param checkpointInterval how often a checkpoint is published when the log grew; default 10 s
 */
public record LogConfig(String origin, String signerKey, Duration checkpointInterval) {

  public static LogConfig defaults() {
    return new LogConfig("vigil.dev/log", null, Duration.ofSeconds(10));
  }

  public LogConfig withSignerKey(String key) {
    return new LogConfig(origin, key, checkpointInterval);
  }

  public LogConfig withInterval(Duration interval) {
    return new LogConfig(origin, signerKey, interval);
  }

  @Override
  public String toString() {
    return "LogConfig[origin=" + origin + ", checkpointInterval=" + checkpointInterval + "]";
  }
}
