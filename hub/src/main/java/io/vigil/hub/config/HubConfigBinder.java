package io.vigil.hub.config;

import static io.vigil.hub.config.ConfigKeys.*;

import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.GasMode;
import io.vigil.anchoring.log.LogConfig;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.hub.events.EventsSettings;
import io.vigil.ingest.auth.AuthConfig;
import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.fhir.FhirConfig;
import io.vigil.ingest.fhir.ProfileValidation;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.intake.InboundBudget;
import io.vigil.ingest.intake.RateLimitConfig;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.outbox.OutboxConfig;
import io.vigil.ingest.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/** Binds {@link ConfigSources} onto the typed records, defaults from each record. */
public final class HubConfigBinder {
  private HubConfigBinder() {}

  /**
   * The typed configuration of {@code src}.
   *
   * @throws IllegalArgumentException on a value that is malformed or inconsistent, naming its key
   *     and, when the environment set it, its variable
   */
  public static HubConfig bind(HubConfig.Mode mode, ConfigSources src) {
    try {
      return bindChecked(mode, src);
    } catch (IllegalArgumentException e) {
      // A bad VIGIL_MLLP_IDLE_TIMEOUT_SECONDS said only 'mllp.idle-timeout-seconds' (ops6 #12).
      throw src.namingTheEnvironment(e);
    }
  }

  private static HubConfig bindChecked(HubConfig.Mode mode, ConfigSources src) {
    MllpConfig m = MllpConfig.defaults();
    HttpConfig h = HttpConfig.defaults();
    StoreConfig s = StoreConfig.defaults();
    int maxFrame = positive(src, MLLP_MAX_FRAME_BYTES, m.maxFrameBytes());
    int maxBody = positive(src, HTTP_MAX_BODY_BYTES, h.maxBodyBytes());
    MllpConfig mllp =
        new MllpConfig(
            src.get(MLLP_HOST, m.host()),
            port(src, MLLP_PORT, m.port()),
            Duration.ofSeconds(
                positive(src, MLLP_IDLE_TIMEOUT_SECONDS, (int) m.idleTimeout().toSeconds())),
            maxFrame,
            positive(src, MLLP_MAX_CONNECTIONS, m.maxConnections()),
            budget(src, MLLP_MAX_BUFFERED_BYTES, MLLP_MAX_FRAME_BYTES, maxFrame),
            src.getPath(MLLP_TLS_CERT, null),
            src.getPath(MLLP_TLS_KEY, null),
            src.getPath(MLLP_TLS_CLIENT_CA, null),
            src.getPath(MLLP_TLS_CRL, null),
            src.getBoolean(MLLP_ALWAYS_ANSWER, m.alwaysAnswer()),
            notNegative(
                src, MLLP_MIN_FRAME_RATE_BYTES_PER_SECOND, (int) m.minFrameBytesPerSecond()),
            Duration.ofSeconds(
                notNegative(
                    src,
                    MLLP_MIN_FRAME_RATE_GRACE_SECONDS,
                    (int) m.minFrameRateGrace().toSeconds())));
    HttpConfig http =
        new HttpConfig(
            src.get(HTTP_HOST, h.host()),
            port(src, HTTP_PORT, h.port()),
            maxBody,
            budget(src, HTTP_MAX_BUFFERED_BYTES, HTTP_MAX_BODY_BYTES, maxBody),
            src.getPath(HTTP_TLS_CERT, null),
            src.getPath(HTTP_TLS_KEY, null),
            Duration.ofSeconds(
                positive(src, HTTP_IDLE_TIMEOUT_SECONDS, (int) h.idleTimeout().toSeconds())),
            positive(src, HTTP_MAX_CONNECTIONS, h.maxConnections()));
    StoreConfig store =
        new StoreConfig(
            src.get(DB_URL).orElse(null),
            src.get(DB_USER, s.user()),
            src.get(DB_PASSWORD, s.password()),
            positive(src, DB_POOL_SIZE, s.poolSize()),
            positive(src, DB_MAX_BATCH, s.maxBatch()),
            positive(src, DB_WRITERS, s.writers()),
            Duration.ofSeconds(
                positive(src, DB_COMMIT_TIMEOUT_SECONDS, (int) s.commitTimeout().toSeconds())),
            positive(src, DB_LARGE_PAYLOAD_BYTES, s.largePayloadBytes()));
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
    AuthConfig a = AuthConfig.defaults();
    AuthConfig auth =
        new AuthConfig(
            src.getPath(AUTH_TOKEN_SIGNING_KEY, null),
            src.get(AUTH_ISSUER, a.issuer()),
            src.get(AUTH_AUDIENCE, a.audience()),
            src.get(AUTH_TOKEN_URL).orElse(null),
            Duration.ofSeconds(
                positive(src, AUTH_ACCESS_TOKEN_TTL_SECONDS, (int) a.accessTokenTtl().toSeconds())),
            a.devTokenTtl());
    return new HubConfig(
        mode,
        dataDir,
        mllp,
        http,
        store,
        log,
        chain(mode, src),
        events(mode, src),
        auth,
        rateLimit(src),
        fhir);
  }

  private static EventsSettings events(HubConfig.Mode mode, ConfigSources src) {
    String fallback = mode == HubConfig.Mode.DEV ? "embedded" : "external";
    EventsSettings.KafkaMode kafka =
        enumValue(EventsSettings.KafkaMode.class, KAFKA_MODE, src.get(KAFKA_MODE, fallback));
    OutboxConfig o = OutboxConfig.defaults();
    int replication = positive(src, KAFKA_REPLICATION_FACTOR, o.replicationFactor());
    OutboxConfig outbox =
        new OutboxConfig(
            src.get(KAFKA_BOOTSTRAP_SERVERS).orElse(null),
            src.get(KAFKA_TOPIC, o.topic()),
            positive(src, KAFKA_PARTITIONS, o.partitions()),
            (short) replication,
            o.batchSize(),
            o.pollInterval(),
            Duration.ofDays(positive(src, OUTBOX_RETENTION_DAYS, (int) o.retention().toDays())));
    ZoneId zone;
    try {
      zone = ZoneId.of(src.get(DEID_ZONE, "UTC"));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("'" + DEID_ZONE + "' is not a time zone id", e);
    }
    EventsSettings.AnalyticsMode analytics =
        enumValue(
            EventsSettings.AnalyticsMode.class,
            ANALYTICS_MODE,
            src.get(ANALYTICS_MODE, mode == HubConfig.Mode.DEV ? "local" : "cluster"));
    if (analytics == EventsSettings.AnalyticsMode.LOCAL && kafka == EventsSettings.KafkaMode.OFF) {
      throw new IllegalArgumentException(
          "'" + ANALYTICS_MODE + "=local' reads from Kafka: set '" + KAFKA_MODE + "' too");
    }
    return new EventsSettings(
        kafka,
        outbox,
        src.get(DEID_PERSON_KEY_SECRET).orElse(null),
        zone,
        java.util.Optional.ofNullable(src.getPath(DEID_CONDITIONS_FILE, null)),
        processingIds(src.get(DEID_PROCESSING_IDS, mode == HubConfig.Mode.DEV ? "P,T,D" : "P")),
        analytics,
        positive(src, TRENDS_K, 11));
  }

  /** A comma-separated list of HL7 table 0103 processing ids. */
  private static Set<String> processingIds(String text) {
    try {
      return DeidConfig.processingIds(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + DEID_PROCESSING_IDS + "': " + e.getMessage(), e);
    }
  }

  private static RateLimitConfig rateLimit(ConfigSources src) {
    RateLimitConfig r = RateLimitConfig.defaults();
    String rateText =
        src.get(RATE_LIMIT_MESSAGES_PER_SECOND, String.valueOf(r.messagesPerSecond()));
    double rate;
    try {
      rate = Double.parseDouble(rateText.trim());
    } catch (NumberFormatException e) {
      rate = -1;
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "'"
              + RATE_LIMIT_MESSAGES_PER_SECOND
              + "' must be 0 (off) or a positive number, got '"
              + rateText
              + "'");
    }
    int burst =
        rate == 0 ? src.getInt(RATE_LIMIT_BURST, 0) : positive(src, RATE_LIMIT_BURST, r.burst());
    int bytes = src.getInt(RATE_LIMIT_BYTES_PER_SECOND, (int) r.bytesPerSecond());
    int burstBytes = src.getInt(RATE_LIMIT_BURST_BYTES, bytes == 0 ? 0 : (int) r.burstBytes());
    if (bytes < 0 || (bytes > 0 && (bytes < 1024 || burstBytes < 1024))) {
      throw new IllegalArgumentException(
          "'"
              + RATE_LIMIT_BYTES_PER_SECOND
              + "' must be 0 (off) or at least 1024, and then '"
              + RATE_LIMIT_BURST_BYTES
              + "' at least 1024; got "
              + bytes
              + " and "
              + burstBytes);
    }
    return new RateLimitConfig(rate, burst, bytes, bytes == 0 ? 0 : burstBytes);
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
    int logsBlockSpan =
        positive(src, CHAIN_LOGS_BLOCK_SPAN, (int) ChainConfig.DEFAULT_LOGS_BLOCK_SPAN);
    int deploymentBlock = src.getInt(CHAIN_DEPLOYMENT_BLOCK, 0);
    if (deploymentBlock < 0) {
      throw new IllegalArgumentException(
          "'" + CHAIN_DEPLOYMENT_BLOCK + "' must not be negative, got " + deploymentBlock);
    }
    return new ChainSettings(
        chainMode,
        src.get(CHAIN_RPC_URL).orElse(null),
        src.get(CHAIN_CONTRACT).orElse(null),
        src.get(CHAIN_PRIVATE_KEY).orElse(null),
        gas,
        chainId,
        logsBlockSpan,
        deploymentBlock);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
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

  /** A memory budget: 0 (automatic) or at least the largest message it must hold. */
  private static long budget(ConfigSources src, String key, String capKey, int cap) {
    return InboundBudget.checkConfigured(src.getLong(key, 0), key, cap, capKey);
  }

  private static int notNegative(ConfigSources src, String key, int fallback) {
    int v = src.getInt(key, fallback);
    if (v < 0) {
      throw new IllegalArgumentException("'" + key + "' must not be negative, got " + v);
    }
    return v;
  }

  private static int positive(ConfigSources src, String key, int fallback) {
    int v = src.getInt(key, fallback);
    if (v < 1) {
      throw new IllegalArgumentException("'" + key + "' must be positive, got " + v);
    }
    return v;
  }
}
