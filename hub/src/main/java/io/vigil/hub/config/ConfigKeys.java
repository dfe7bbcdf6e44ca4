package io.vigil.hub.config;

import java.util.Set;

/** Every configuration key the hub understands; anything else is a typo and refused. */
public final class ConfigKeys {
  public static final String DATA_DIR = "data.dir";
  public static final String MLLP_HOST = "mllp.host";
  public static final String MLLP_PORT = "mllp.port";
  public static final String MLLP_IDLE_TIMEOUT_SECONDS = "mllp.idle-timeout-seconds";
  public static final String MLLP_MAX_FRAME_BYTES = "mllp.max-frame-bytes";
  public static final String MLLP_MAX_CONNECTIONS = "mllp.max-connections";
  public static final String MLLP_ALWAYS_ANSWER = "mllp.always-answer";
  public static final String MLLP_MAX_BUFFERED_BYTES = "mllp.max-buffered-bytes";
  public static final String MLLP_MIN_FRAME_RATE_BYTES_PER_SECOND =
      "mllp.min-frame-rate-bytes-per-second";
  public static final String MLLP_MIN_FRAME_RATE_GRACE_SECONDS =
      "mllp.min-frame-rate-grace-seconds";
  public static final String MLLP_TLS_CERT = "mllp.tls.cert";
  public static final String MLLP_TLS_KEY = "mllp.tls.key";
  public static final String MLLP_TLS_CLIENT_CA = "mllp.tls.client-ca";
  public static final String MLLP_TLS_CRL = "mllp.tls.crl";
  public static final String AUTH_TOKEN_SIGNING_KEY = "auth.token-signing-key";
  public static final String AUTH_ISSUER = "auth.issuer";
  public static final String AUTH_AUDIENCE = "auth.audience";
  public static final String AUTH_TOKEN_URL = "auth.token-url";
  public static final String AUTH_ACCESS_TOKEN_TTL_SECONDS = "auth.access-token-ttl-seconds";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_MAX_BODY_BYTES = "http.max-body-bytes";
  public static final String HTTP_MAX_BUFFERED_BYTES = "http.max-buffered-bytes";
  public static final String HTTP_IDLE_TIMEOUT_SECONDS = "http.idle-timeout-seconds";
  public static final String HTTP_MAX_CONNECTIONS = "http.max-connections";
  public static final String HTTP_TLS_CERT = "http.tls.cert";
  public static final String HTTP_TLS_KEY = "http.tls.key";
  public static final String RATE_LIMIT_MESSAGES_PER_SECOND = "rate-limit.messages-per-second";
  public static final String RATE_LIMIT_BURST = "rate-limit.burst";
  public static final String RATE_LIMIT_BYTES_PER_SECOND = "rate-limit.bytes-per-second";
  public static final String RATE_LIMIT_BURST_BYTES = "rate-limit.burst-bytes";
  public static final String DB_URL = "db.url";
  public static final String DB_USER = "db.user";
  public static final String DB_PASSWORD = "db.password";
  public static final String DB_POOL_SIZE = "db.pool-size";
  public static final String DB_MAX_BATCH = "db.max-batch";
  public static final String DB_WRITERS = "db.writers";
  public static final String DB_LARGE_PAYLOAD_BYTES = "db.large-payload-bytes";
  public static final String DB_COMMIT_TIMEOUT_SECONDS = "db.commit-timeout-seconds";
  public static final String LOG_ORIGIN = "log.origin";
  public static final String LOG_SIGNER_KEY = "log.signer-key";
  public static final String LOG_CHECKPOINT_INTERVAL_SECONDS = "log.checkpoint-interval-seconds";
  public static final String CHAIN_MODE = "chain.mode";
  public static final String CHAIN_RPC_URL = "chain.rpc-url";
  public static final String CHAIN_CONTRACT = "chain.contract";
  public static final String CHAIN_PRIVATE_KEY = "chain.private-key";
  public static final String CHAIN_GAS_MODE = "chain.gas-mode";
  public static final String CHAIN_ID = "chain.chain-id";
  public static final String CHAIN_LOGS_BLOCK_SPAN = "chain.logs-block-span";
  public static final String CHAIN_DEPLOYMENT_BLOCK = "chain.deployment-block";
  public static final String KAFKA_MODE = "kafka.mode";
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
  public static final String KAFKA_TOPIC = "kafka.topic";
  public static final String KAFKA_PARTITIONS = "kafka.partitions";
  public static final String KAFKA_REPLICATION_FACTOR = "kafka.replication-factor";
  public static final String OUTBOX_RETENTION_DAYS = "outbox.retention-days";
  public static final String DEID_PERSON_KEY_SECRET = "deid.person-key-secret";
  public static final String DEID_ZONE = "deid.zone";
  public static final String DEID_CONDITIONS_FILE = "deid.conditions-file";
  public static final String DEID_PROCESSING_IDS = "deid.processing-ids";
  public static final String ANALYTICS_MODE = "analytics.mode";
  public static final String TRENDS_K = "trends.k";
  public static final String FHIR_PROFILE_VALIDATION = "fhir.profile-validation";
  public static final String FHIR_PROFILE_SAMPLE_EVERY = "fhir.profile-sample-every";

  public static final Set<String> ALL =
      Set.of(
          DATA_DIR,
          MLLP_HOST,
          MLLP_PORT,
          MLLP_IDLE_TIMEOUT_SECONDS,
          MLLP_MAX_FRAME_BYTES,
          MLLP_MAX_CONNECTIONS,
          MLLP_ALWAYS_ANSWER,
          MLLP_MAX_BUFFERED_BYTES,
          MLLP_MIN_FRAME_RATE_BYTES_PER_SECOND,
          MLLP_MIN_FRAME_RATE_GRACE_SECONDS,
          MLLP_TLS_CERT,
          MLLP_TLS_KEY,
          MLLP_TLS_CLIENT_CA,
          MLLP_TLS_CRL,
          AUTH_TOKEN_SIGNING_KEY,
          AUTH_ISSUER,
          AUTH_AUDIENCE,
          AUTH_TOKEN_URL,
          AUTH_ACCESS_TOKEN_TTL_SECONDS,
          HTTP_HOST,
          HTTP_PORT,
          HTTP_MAX_BODY_BYTES,
          HTTP_MAX_BUFFERED_BYTES,
          HTTP_IDLE_TIMEOUT_SECONDS,
          HTTP_MAX_CONNECTIONS,
          HTTP_TLS_CERT,
          HTTP_TLS_KEY,
          RATE_LIMIT_MESSAGES_PER_SECOND,
          RATE_LIMIT_BURST,
          RATE_LIMIT_BYTES_PER_SECOND,
          RATE_LIMIT_BURST_BYTES,
          DB_URL,
          DB_USER,
          DB_PASSWORD,
          DB_POOL_SIZE,
          DB_MAX_BATCH,
          DB_WRITERS,
          DB_LARGE_PAYLOAD_BYTES,
          DB_COMMIT_TIMEOUT_SECONDS,
          LOG_ORIGIN,
          LOG_SIGNER_KEY,
          LOG_CHECKPOINT_INTERVAL_SECONDS,
          CHAIN_MODE,
          CHAIN_RPC_URL,
          CHAIN_CONTRACT,
          CHAIN_PRIVATE_KEY,
          CHAIN_GAS_MODE,
          CHAIN_ID,
          CHAIN_LOGS_BLOCK_SPAN,
          CHAIN_DEPLOYMENT_BLOCK,
          KAFKA_MODE,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_TOPIC,
          KAFKA_PARTITIONS,
          KAFKA_REPLICATION_FACTOR,
          OUTBOX_RETENTION_DAYS,
          DEID_PERSON_KEY_SECRET,
          DEID_ZONE,
          DEID_CONDITIONS_FILE,
          DEID_PROCESSING_IDS,
          ANALYTICS_MODE,
          TRENDS_K,
          FHIR_PROFILE_VALIDATION,
          FHIR_PROFILE_SAMPLE_EVERY);

  private ConfigKeys() {}
}
