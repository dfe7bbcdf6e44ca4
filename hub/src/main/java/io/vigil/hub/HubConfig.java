package io.vigil.hub;

import io.vigil.anchoring.log.LogConfig;
import io.vigil.ingest.fhir.FhirConfig;
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
 * @param log the submission log: origin, checkpoint signing key, interval
 * @param chain where checkpoints are anchored; {@link #forDev} leaves it off (the CLI's start-dev
 *     turns anvil on)
 * @param fhir FHIR ingest: opt-in profile validation
 */
public record HubConfig(
    Mode mode,
    Path dataDir,
    MllpConfig mllp,
    HttpConfig http,
    StoreConfig store,
    LogConfig log,
    ChainSettings chain,
    FhirConfig fhir) {

  /** A configuration with FHIR defaults. */
  public HubConfig(
      Mode mode,
      Path dataDir,
      MllpConfig mllp,
      HttpConfig http,
      StoreConfig store,
      LogConfig log,
      ChainSettings chain) {
    this(mode, dataDir, mllp, http, store, log, chain, FhirConfig.defaults());
  }

  /** Run mode. */
  public enum Mode {
    DEV,
    PRODUCTION
  }

  public static HubConfig forDev(Path dataDir) {
    return new HubConfig(
        Mode.DEV,
        dataDir,
        MllpConfig.defaults(),
        HttpConfig.defaults(),
        StoreConfig.defaults(),
        LogConfig.defaults(),
        ChainSettings.off());
  }

  public HubConfig withMllpPort(int port) {
    return new HubConfig(mode, dataDir, mllp.withPort(port), http, store, log, chain, fhir);
  }

  public HubConfig withHttpPort(int port) {
    return new HubConfig(mode, dataDir, mllp, http.withPort(port), store, log, chain, fhir);
  }

  public HubConfig withFhir(FhirConfig newFhir) {
    return new HubConfig(mode, dataDir, mllp, http, store, log, chain, newFhir);
  }

  public HubConfig withChain(ChainSettings newChain) {
    return new HubConfig(mode, dataDir, mllp, http, store, log, newChain, fhir);
  }

  public HubConfig withLog(LogConfig newLog) {
    return new HubConfig(mode, dataDir, mllp, http, store, newLog, chain, fhir);
  }

  public HubConfig withDatabase(String jdbcUrl, String user, String password) {
    return new HubConfig(
        mode, dataDir, mllp, http, store.withDatabase(jdbcUrl, user, password), log, chain, fhir);
  }
}
