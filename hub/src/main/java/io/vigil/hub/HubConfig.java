package io.vigil.hub;

import io.vigil.anchoring.log.LogConfig;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.intake.RateLimitConfig;
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
 * @param rateLimit per-sending-facility message rate limit on HL7 v2 intake (MLLP and HTTP)
 */
public record HubConfig(
    Mode mode,
    Path dataDir,
    MllpConfig mllp,
    HttpConfig http,
    StoreConfig store,
    LogConfig log,
    ChainSettings chain,
    RateLimitConfig rateLimit) {

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
        ChainSettings.off(),
        RateLimitConfig.defaults());
  }

  public HubConfig withMllpPort(int port) {
    return new HubConfig(mode, dataDir, mllp.withPort(port), http, store, log, chain, rateLimit);
  }

  public HubConfig withHttpPort(int port) {
    return new HubConfig(mode, dataDir, mllp, http.withPort(port), store, log, chain, rateLimit);
  }

  public HubConfig withRateLimit(RateLimitConfig newRateLimit) {
    return new HubConfig(mode, dataDir, mllp, http, store, log, chain, newRateLimit);
  }

  public HubConfig withChain(ChainSettings newChain) {
    return new HubConfig(mode, dataDir, mllp, http, store, log, newChain, rateLimit);
  }

  public HubConfig withLog(LogConfig newLog) {
    return new HubConfig(mode, dataDir, mllp, http, store, newLog, chain, rateLimit);
  }

  public HubConfig withDatabase(String jdbcUrl, String user, String password) {
    return new HubConfig(
        mode,
        dataDir,
        mllp,
        http,
        store.withDatabase(jdbcUrl, user, password),
        log,
        chain,
        rateLimit);
  }
}
