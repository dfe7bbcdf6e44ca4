package io.vigil.ingest.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do. {@code sender}: submit, read its own submissions and receipts; {@code
 * analyst}: suppressed aggregates only; {@code auditor}: timeliness, log checkpoints, receipts,
 * never payloads; {@code admin}: manage senders and keys.
 */
public enum Role {
  SENDER("system/*.write system/Submission.read"),
  ANALYST("system/Aggregate.read"),
  AUDITOR("system/Submission.read system/Receipt.read system/Timeliness.read"),
  ADMIN("system/Sender.write system/Principal.write");

  private final String scope;

  Role(String scope) {
    this.scope = scope;
  }

  /** The scopes granted to an access token of this role (space-separated, SMART style). */
  public String scope() {
    return scope;
  }

  /** The name used in tokens, the database and the OpenAPI document ({@code sender}, …). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String name) {
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
