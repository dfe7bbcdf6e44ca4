package io.vigil.hub;

import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.store.StoreConfig;
import java.nio.file.Path;

/**
 * The whole hub's configuration: one record per concern.
 *
 * @param mode {@code DEV} (embedded parts, unknown senders auto-registered, loud warning) or {@code
 *     PRODUCTION} (strict)
 * @param dataDir state for embedded parts; default {@code ./.vigil-dev}
 */
public record HubConfig(
    Mode mode, Path dataDir, MllpConfig mllp, HttpConfig http, StoreConfig store) {

  /** Run mode. */
  public enum Mode {
    DEV,
    PRODUCTION
  }

  public static HubConfig forDev(Path dataDir) {
    return new HubConfig(
        Mode.DEV, dataDir, MllpConfig.defaults(), HttpConfig.defaults(), StoreConfig.defaults());
  }

  public HubConfig withMllpPort(int port) {
    return new HubConfig(mode, dataDir, mllp.withPort(port), http, store);
  }

  public HubConfig withHttpPort(int port) {
    return new HubConfig(mode, dataDir, mllp, http.withPort(port), store);
  }

  public HubConfig withDatabase(String jdbcUrl, String user, String password) {
    return new HubConfig(mode, dataDir, mllp, http, store.withDatabase(jdbcUrl, user, password));
  }
}
