package io.vigil.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.HubConfig;
import io.vigil.hub.events.EventsSettings;
import io.vigil.ingest.fhir.ProfileValidation;
import io.vigil.ingest.intake.RateLimitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigBinderTest {
  @TempDir Path dir;

  @Test
  void defaultsRunOnALaptop() throws Exception {
    HubConfig c =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(c.mllp().host()).isEqualTo("127.0.0.1");
    assertThat(c.mllp().port()).isEqualTo(2575);
    assertThat(c.mllp().maxFrameBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.store().jdbcUrl()).isNull();
    assertThat(c.store().writers()).isEqualTo(1);
    assertThat(c.store().commitTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.dataDir()).isEqualTo(Path.of(".vigil-dev"));
    assertThat(c.mllp().tlsEnabled()).isFalse();
    assertThat(c.fhir().profileValidation()).isEqualTo(ProfileValidation.Mode.OFF);
    assertThat(c.events().kafka()).isEqualTo(EventsSettings.KafkaMode.EMBEDDED);
    assertThat(c.events().analytics()).isEqualTo(EventsSettings.AnalyticsMode.LOCAL);
    assertThat(c.events().suppressionK()).isEqualTo(11);
  }

  @Test
  void bindsTheEventPath() throws Exception {
    Map<String, String> env =
        Map.of(
            "VIGIL_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
            "VIGIL_KAFKA_REPLICATION_FACTOR", "3",
            "VIGIL_DEID_PERSON_KEY_SECRET", "ab".repeat(32),
            "VIGIL_DEID_ZONE", "America/Chicago",
            "VIGIL_TRENDS_K", "5");
    HubConfig c =
        HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, ConfigSources.load(null, env, Map.of()));
    assertThat(c.events().kafka()).isEqualTo(EventsSettings.KafkaMode.EXTERNAL);
    assertThat(c.events().outbox().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(c.events().outbox().replicationFactor()).isEqualTo((short) 3);
    assertThat(c.events().zone().getId()).isEqualTo("America/Chicago");
    assertThat(c.events().analytics()).isEqualTo(EventsSettings.AnalyticsMode.CLUSTER);
    assertThat(c.events().suppressionK()).isEqualTo(5);
    assertThat(c.events().toString()).doesNotContain("abab");
    assertThatThrownBy(
            () ->
                HubConfigBinder.bind(
                    HubConfig.Mode.DEV,
                    ConfigSources.load(null, Map.of("VIGIL_KAFKA_MODE", "off"), Map.of())))
        .hasMessageContaining("analytics.mode=local");
    assertThatThrownBy(
            () ->
                HubConfigBinder.bind(
                    HubConfig.Mode.DEV,
                    ConfigSources.load(null, Map.of("VIGIL_DEID_ZONE", "Mars/Base"), Map.of())))
        .hasMessageContaining("deid.zone");
  }

  /** Production counts production messages; dev also the training ones guides' samples are. */
  @Test
  void bindsTheProcessingIdsCountedPerMode() throws Exception {
    ConfigSources none = ConfigSources.load(null, Map.of(), Map.of());
    assertThat(HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, none).events().processingIds())
        .containsExactly("P");
    assertThat(HubConfigBinder.bind(HubConfig.Mode.DEV, none).events().processingIds())
        .containsExactlyInAnyOrder("P", "T", "D");
    ConfigSources set =
        ConfigSources.load(null, Map.of("VIGIL_DEID_PROCESSING_IDS", "p, T"), Map.of());
    assertThat(HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, set).events().processingIds())
        .containsExactlyInAnyOrder("P", "T");
    for (String bad : new String[] {"X", "P,,T", "production"}) {
      ConfigSources wrong =
          ConfigSources.load(null, Map.of("VIGIL_DEID_PROCESSING_IDS", bad), Map.of());
      assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, wrong))
          .as(bad)
          .hasMessageContaining("deid.processing-ids");
    }
  }

  @Test
  void bindsTheChainEventReadingRange() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.chain().logsBlockSpan()).isEqualTo(5_000);
    assertThat(defaults.chain().deploymentBlock()).isZero();

    Map<String, String> env =
        Map.of("VIGIL_CHAIN_LOGS_BLOCK_SPAN", "1000", "VIGIL_CHAIN_DEPLOYMENT_BLOCK", "123456");
    HubConfig c = HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, env, Map.of()));
    assertThat(c.chain().logsBlockSpan()).isEqualTo(1_000);
    assertThat(c.chain().deploymentBlock()).isEqualTo(123_456);
    assertThatThrownBy(
            () ->
                HubConfigBinder.bind(
                    HubConfig.Mode.DEV,
                    ConfigSources.load(null, Map.of("VIGIL_CHAIN_LOGS_BLOCK_SPAN", "0"), Map.of())))
        .hasMessageContaining("chain.logs-block-span");
    assertThatThrownBy(
            () ->
                HubConfigBinder.bind(
                    HubConfig.Mode.DEV,
                    ConfigSources.load(
                        null, Map.of("VIGIL_CHAIN_DEPLOYMENT_BLOCK", "-1"), Map.of())))
        .hasMessageContaining("chain.deployment-block");
  }

  @Test
  void bindsASampleFileThenEnvironmentThenCommandLine() throws Exception {
    Path file = dir.resolve("vigil.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "mllp.port=3000",
            "mllp.idle-timeout-seconds=60",
            "mllp.tls.cert=/etc/vigil/mllp.crt",
            "mllp.tls.key=/etc/vigil/mllp.key",
            "mllp.tls.client-ca=/etc/vigil/senders-ca.crt",
            "mllp.tls.crl=/etc/vigil/senders-ca.crl",
            "auth.token-signing-key=/etc/vigil/token.pem",
            "auth.token-url=https://vigil.example/api/v1/token",
            "auth.access-token-ttl-seconds=120",
            "http.port=9000",
            "db.url=jdbc:postgresql://db:5432/vigil",
            "db.max-batch=64",
            "db.large-payload-bytes=1048576",
            "db.commit-timeout-seconds=5"));
    Map<String, String> env =
        Map.of("VIGIL_HTTP_PORT", "9100", "VIGIL_DB_PASSWORD", "s3cret", "PATH", "/bin");
    Map<String, String> cli = Map.of("http.port", "9200");

    HubConfig c =
        HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, ConfigSources.load(file, env, cli));

    assertThat(c.mllp().port()).isEqualTo(3000);
    assertThat(c.mllp().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.mllp().tlsEnabled()).isTrue();
    assertThat(c.mllp().clientAuthEnabled()).isTrue();
    assertThat(c.mllp().crlPath()).isEqualTo(Path.of("/etc/vigil/senders-ca.crl"));
    assertThat(c.auth().tokenSigningKey()).isEqualTo(Path.of("/etc/vigil/token.pem"));
    assertThat(c.auth().tokenUrl()).isEqualTo("https://vigil.example/api/v1/token");
    assertThat(c.auth().accessTokenTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.auth().audience()).isEqualTo("vigil-api");
    assertThat(c.http().port()).isEqualTo(9200);
    assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/vigil");
    assertThat(c.store().password()).isEqualTo("s3cret");
    assertThat(c.store().maxBatch()).isEqualTo(64);
    assertThat(c.store().largePayloadBytes()).isEqualTo(1 << 20);
    assertThat(c.store().commitTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.store().toString()).doesNotContain("s3cret");
  }

  @Test
  void bindsThePerSenderRateLimit() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.rateLimit()).isEqualTo(RateLimitConfig.defaults());
    assertThat(defaults.rateLimit())
        .isEqualTo(new RateLimitConfig(1000, 2000, 8L << 20, 64L << 20));

    HubConfig tuned =
        HubConfigBinder.bind(
            HubConfig.Mode.PRODUCTION,
            ConfigSources.load(
                null,
                Map.of("VIGIL_RATE_LIMIT_MESSAGES_PER_SECOND", "2.5"),
                Map.of("rate-limit.burst", "10")));
    assertThat(tuned.rateLimit()).isEqualTo(new RateLimitConfig(2.5, 10, 8L << 20, 64L << 20));

    HubConfig bytes =
        HubConfigBinder.bind(
            HubConfig.Mode.DEV,
            ConfigSources.load(
                null,
                Map.of("VIGIL_RATE_LIMIT_BYTES_PER_SECOND", "65536"),
                Map.of("rate-limit.burst-bytes", "131072")));
    assertThat(bytes.rateLimit()).isEqualTo(new RateLimitConfig(1000, 2000, 65536, 131072));

    HubConfig off =
        HubConfigBinder.bind(
            HubConfig.Mode.DEV,
            ConfigSources.load(
                null,
                Map.of(),
                Map.of("rate-limit.messages-per-second", "0", "rate-limit.bytes-per-second", "0")));
    assertThat(off.rateLimit().enabled()).isFalse();

    ConfigSources tiny =
        ConfigSources.load(null, Map.of(), Map.of("rate-limit.bytes-per-second", "100"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, tiny))
        .hasMessageContaining("rate-limit.bytes-per-second");

    ConfigSources bad =
        ConfigSources.load(null, Map.of(), Map.of("rate-limit.messages-per-second", "fast"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, bad))
        .hasMessageContaining("rate-limit.messages-per-second");
  }

  @Test
  void bindsWhetherMllpAnswersMessagesThatAskForNoAcknowledgement() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.mllp().alwaysAnswer()).isTrue();
    HubConfig silent =
        HubConfigBinder.bind(
            HubConfig.Mode.PRODUCTION,
            ConfigSources.load(null, Map.of("VIGIL_MLLP_ALWAYS_ANSWER", "false"), Map.of()));
    assertThat(silent.mllp().alwaysAnswer()).isFalse();
    ConfigSources bad = ConfigSources.load(null, Map.of(), Map.of("mllp.always-answer", "maybe"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, bad))
        .hasMessageContaining("mllp.always-answer");
  }

  @Test
  void bindsTheMinimumRateOfALargeMllpFrame() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.mllp().minFrameBytesPerSecond()).isEqualTo(16_384);
    assertThat(defaults.mllp().minFrameRateGrace()).isEqualTo(Duration.ofSeconds(10));
    HubConfig set =
        HubConfigBinder.bind(
            HubConfig.Mode.PRODUCTION,
            ConfigSources.load(
                null,
                Map.of("VIGIL_MLLP_MIN_FRAME_RATE_BYTES_PER_SECOND", "0"),
                Map.of("mllp.min-frame-rate-grace-seconds", "30")));
    assertThat(set.mllp().minFrameBytesPerSecond()).isZero(); // no minimum
    assertThat(set.mllp().minFrameRateGrace()).isEqualTo(Duration.ofSeconds(30));
    ConfigSources negative =
        ConfigSources.load(null, Map.of(), Map.of("mllp.min-frame-rate-bytes-per-second", "-1"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, negative))
        .hasMessage("'mllp.min-frame-rate-bytes-per-second' must not be negative, got -1");
  }

  @Test
  void bindsTheMemoryBudgetForLargeMllpFrames() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.mllp().maxBufferedBytes()).isZero();
    assertThat(defaults.mllp().bufferedBytesBudget())
        .isEqualTo(Math.max(20L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16));
    assertThat(defaults.http().bufferedBytesBudget())
        .isEqualTo(Math.max(20L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16));
    HubConfig large =
        HubConfigBinder.bind(
            HubConfig.Mode.PRODUCTION,
            ConfigSources.load(
                null,
                Map.of("VIGIL_MLLP_MAX_BUFFERED_BYTES", "4294967296"),
                Map.of("http.max-buffered-bytes", "50000000")));
    assertThat(large.mllp().bufferedBytesBudget()).isEqualTo(4L << 30); // beyond an int
    assertThat(large.http().bufferedBytesBudget()).isEqualTo(50_000_000L);
    ConfigSources negative =
        ConfigSources.load(null, Map.of(), Map.of("mllp.max-buffered-bytes", "-1"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, negative))
        .hasMessageContaining("mllp.max-buffered-bytes");
    // Below the frame cap, frames between the two would be told "later" for ever.
    ConfigSources belowTheCap =
        ConfigSources.load(
            null,
            Map.of(),
            Map.of("http.max-buffered-bytes", "1000000", "http.max-body-bytes", "2000000"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, belowTheCap))
        .hasMessageContaining("'http.max-buffered-bytes' must be 0 (automatic) or at least")
        .hasMessageContaining("http.max-body-bytes");
    ConfigSources tooLarge =
        ConfigSources.load(null, Map.of(), Map.of("mllp.max-connections", "4294967296"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, tooLarge))
        .hasMessageContaining("mllp.max-connections");
  }

  @Test
  void bindsTheHttpConnectionLimits() throws Exception {
    HubConfig defaults =
        HubConfigBinder.bind(HubConfig.Mode.DEV, ConfigSources.load(null, Map.of(), Map.of()));
    assertThat(defaults.http().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.http().maxConnections()).isEqualTo(1024);
    HubConfig set =
        HubConfigBinder.bind(
            HubConfig.Mode.PRODUCTION,
            ConfigSources.load(
                null,
                Map.of("VIGIL_HTTP_IDLE_TIMEOUT_SECONDS", "120"),
                Map.of("http.max-connections", "4096")));
    assertThat(set.http().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(set.http().maxConnections()).isEqualTo(4096);
    // 0 would have meant "never", as before: the flood this limit stops.
    ConfigSources never =
        ConfigSources.load(null, Map.of(), Map.of("http.idle-timeout-seconds", "0"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, never))
        .hasMessageContaining("http.idle-timeout-seconds");
    ConfigSources none = ConfigSources.load(null, Map.of(), Map.of("http.max-connections", "0"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, none))
        .hasMessageContaining("http.max-connections");
  }

  @Test
  void bindsFhirProfileValidation() throws Exception {
    HubConfig c =
        HubConfigBinder.bind(
            HubConfig.Mode.DEV,
            ConfigSources.load(
                null,
                Map.of("VIGIL_FHIR_PROFILE_VALIDATION", "sample"),
                Map.of("fhir.profile-sample-every", "50")));
    assertThat(c.fhir().profileValidation()).isEqualTo(ProfileValidation.Mode.SAMPLE);
    assertThat(c.fhir().sampleEvery()).isEqualTo(50);
    ConfigSources bad =
        ConfigSources.load(null, Map.of("VIGIL_FHIR_PROFILE_VALIDATION", "strict"), Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, bad))
        .hasMessageContaining("fhir.profile-validation");
  }

  /** ops6 #12: a bad value from the environment says which variable to fix. */
  @Test
  void aBadValueFromTheEnvironmentNamesItsVariable() throws Exception {
    ConfigSources notNumber =
        ConfigSources.load(null, Map.of("VIGIL_MLLP_IDLE_TIMEOUT_SECONDS", "abc"), Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, notNumber))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "configuration 'mllp.idle-timeout-seconds' must be a whole number, got 'abc'"
                + " (set by VIGIL_MLLP_IDLE_TIMEOUT_SECONDS in the environment)");

    ConfigSources enumValue =
        ConfigSources.load(null, Map.of("VIGIL_KAFKA_MODE", "kraft"), Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, enumValue))
        .hasMessageContaining("'kafka.mode' must be one of")
        .hasMessageEndingWith("(set by VIGIL_KAFKA_MODE in the environment)");

    // Not a longer key's prefix: only the variable whose key the message names.
    ConfigSources burst =
        ConfigSources.load(
            null,
            Map.of("VIGIL_RATE_LIMIT_BURST", "5", "VIGIL_RATE_LIMIT_BYTES_PER_SECOND", "100"),
            Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, burst))
        .hasMessageEndingWith("(set by VIGIL_RATE_LIMIT_BYTES_PER_SECOND in the environment)");

    // From the file or a flag, the message stays as it was.
    ConfigSources flag = ConfigSources.load(null, Map.of(), Map.of("mllp.port", "70000"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, flag))
        .hasMessage("'mllp.port' must be a port 0..65535, got 70000");
    // A flag overrides the variable: the variable is not blamed.
    ConfigSources overridden =
        ConfigSources.load(null, Map.of("VIGIL_MLLP_PORT", "2575"), Map.of("mllp.port", "70000"));
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, overridden))
        .hasMessage("'mllp.port' must be a port 0..65535, got 70000");
  }

  @Test
  void environmentNamesAreMechanical() {
    assertThat(ConfigSources.envName("mllp.max-frame-bytes"))
        .isEqualTo("VIGIL_MLLP_MAX_FRAME_BYTES");
    assertThat(ConfigSources.envName("db.url")).isEqualTo("VIGIL_DB_URL");
  }

  @Test
  void refusesUnknownKeysAndBadValues() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "mllp.prot=3000\n");
    assertThatThrownBy(() -> ConfigSources.load(file, Map.of(), Map.of()))
        .hasMessageContaining("unknown configuration key 'mllp.prot'");

    ConfigSources bad = ConfigSources.load(null, Map.of("VIGIL_MLLP_PORT", "70000"), Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, bad))
        .hasMessageContaining("mllp.port");
    ConfigSources notNumber =
        ConfigSources.load(null, Map.of("VIGIL_DB_POOL_SIZE", "many"), Map.of());
    assertThatThrownBy(() -> HubConfigBinder.bind(HubConfig.Mode.DEV, notNumber))
        .hasMessageContaining("whole number");
  }
}
