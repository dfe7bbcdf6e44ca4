package io.vigil.hub.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dev-mode bearer tokens a start-dev hub wrote to its data directory, as an operator reads
 * them.
 */
final class DevTokens {
  private DevTokens() {}

  /** {@code Bearer <token>} of {@code role}'s dev principal. */
  static String bearer(Path dataDir, String role) {
    try {
      JsonObject all = new JsonObject(Files.readString(dataDir.resolve("dev-credentials.json")));
      return "Bearer " + all.getString(role);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
