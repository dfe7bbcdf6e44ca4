package io.vigil.hub.config;

import static io.vigil.hub.config.ConfigKeys.*;

import io.vigil.anchoring.chain.GasMode;
import io.vigil.anchoring.log.LogConfig;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.ingest.fhir.FhirConfig;
import io.vigil.ingest.fhir.ProfileValidation;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Binds {@link ConfigSources} onto the typed records, defaults from each record. */
public final class HubConfigBinder {
  private HubConfigBinder() {}

  public static HubConfig bind(HubConfig.Mode mode, ConfigSources src) {
    MllpConfig m = MllpConfig.defaults();
    HttpConfig h = HttpConfig.defaults();
    StoreConfig s = StoreConfig.defaults();
    MllpConfig mllp =
        new MllpConfig(
            src.get(MLLP_HOST, m.host()),
            port(src, MLLP_PORT, m.port()),
            Duration.ofSeconds(
                positive(src, MLLP_IDLE_TIMEOUT_SECONDS, (int) m.idleTimeout().toSeconds())),
            positive(src, MLLP_MAX_FRAME_BYTES, m.maxFrameBytes()),
            positive(src, MLLP_MAX_CONNECTIONS, m.maxConnections()),
            src.getPath(MLLP_TLS_CERT, null),
            src.getPath(MLLP_TLS_KEY, null));
    HttpConfig http =
        new HttpConfig(
            src.get(HTTP_HOST, h.host()),
            port(src, HTTP_PORT, h.port()),
            positive(src, HTTP_MAX_BODY_BYTES, h.maxBodyBytes()),
            src.getPath(HTTP_TLS_CERT, null),
            src.getPath(HTTP_TLS_KEY, null));
    StoreConfig store =
        new StoreConfig(
            src.get(DB_URL).orElse(null),
            src.get(DB_USER, s.user()),
            src.get(DB_PASSWORD, s.password()),
            positive(src, DB_POOL_SIZE, s.poolSize()),
            positive(src, DB_MAX_BATCH, s.maxBatch()),
            positive(src, DB_WRITERS, s.writers()));
    LogConfig l = LogConfig.defaults();
    LogConfig log =
        new LogConfig(
            src.get(LOG_ORIGIN, l.origin()),
            src.get(LOG_SIGNER_KEY).orElse(null),
            Duration.ofSeconds(
                positive(
                    src,
                    LOG_CHECKPOINT_INTERVAL_SECONDS,
                    (int) l.checkpointInterval().toSeconds())));
    Path dataDir = src.getPath(DATA_DIR, Path.of(".vigil-dev"));
    FhirConfig f = FhirConfig.defaults();
    FhirConfig fhir =
        new FhirConfig(
            enumValue(
                ProfileValidation.Mode.class,
                FHIR_PROFILE_VALIDATION,
                src.get(FHIR_PROFILE_VALIDATION, f.profileValidation().name())),
            positive(src, FHIR_PROFILE_SAMPLE_EVERY, f.sampleEvery()));
    return new HubConfig(mode, dataDir, mllp, http, store, log, chain(mode, src), fhir);
  }

  private static ChainSettings chain(HubConfig.Mode mode, ConfigSources src) {
    String fallback = mode == HubConfig.Mode.DEV ? "anvil" : "rpc";
    ChainSettings.Mode chainMode =
        enumValue(ChainSettings.Mode.class, CHAIN_MODE, src.get(CHAIN_MODE, fallback));
    GasMode gas =
        enumValue(
            GasMode.class,
            CHAIN_GAS_MODE,
            src.get(CHAIN_GAS_MODE, chainMode == ChainSettings.Mode.ANVIL ? "eip1559" : "free"));
    long chainId = src.getInt(CHAIN_ID, 0);
    return new ChainSettings(
        chainMode,
        src.get(CHAIN_RPC_URL).orElse(null),
        src.get(CHAIN_CONTRACT).orElse(null),
        src.get(CHAIN_PRIVATE_KEY).orElse(null),
        gas,
        chainId);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' must be one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ", got '"
              + value
              + "'",
          e);
    }
  }

  private static int port(ConfigSources src, String key, int fallback) {
    int port = src.getInt(key, fallback);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("'" + key + "' must be a port 0..65535, got " + port);
    }
    return port;
  }

  private static int positive(ConfigSources src, String key, int fallback) {
    int v = src.getInt(key, fallback);
    if (v < 1) {
      throw new IllegalArgumentException("'" + key + "' must be positive, got " + v);
    }
    return v;
  }
}
