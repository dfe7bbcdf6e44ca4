package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a hub until SIGTERM / Ctrl-C, then stops it cleanly. */
final class HubRunner {
  private static final Logger LOG = LoggerFactory.getLogger(HubRunner.class);

  private HubRunner() {}

  static int runUntilStopped(HubConfig config, PrintWriter out) throws Exception {
    VigilHub hub = VigilHub.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping hub");
                  hub.close();
                  stopped.countDown();
                },
                "vigil-shutdown"));
    String scheme = config.http().tlsEnabled() ? "https" : "http";
    out.printf(
        "Vigil ready (%s mode) MLLP %s:%d%s, HTTP %s://%s:%d, database %s%n",
        config.mode() == HubConfig.Mode.DEV ? "dev" : "production",
        config.mllp().host(),
        hub.mllpPort(),
        config.mllp().tlsEnabled() ? " (TLS)" : "",
        scheme,
        config.http().host(),
        hub.httpPort(),
        config.store().jdbcUrl() == null ? "embedded in " + config.dataDir() : "external");
    hub.chainRpcUrl()
        .ifPresent(
            rpc ->
                out.printf(
                    "Vigil anchoring on chain %s, Anchor contract %s%n",
                    rpc, hub.anchorContract().orElse("?")));
    hub.kafkaBootstrap()
        .ifPresent(
            kafka ->
                out.printf(
                    "Vigil events: Kafka %s, topic %s (de-identified)%n",
                    kafka, config.events().outbox().topic()));
    out.printf(
        "Receipts: GET %s://%s:%d/api/v1/submissions/{id}/receipt; verify with ./vigil verify%n",
        scheme, config.http().host(), hub.httpPort());
    if (!hub.devCredentials().isEmpty()) {
      out.printf(
          "Dev bearer tokens (role -> token): %s; e.g. curl -H \"Authorization: Bearer $(jq -r"
              + " .sender %s)\" ...%n",
          config.dataDir().resolve("dev-credentials.json"),
          config.dataDir().resolve("dev-credentials.json"));
    }
    out.flush();
    stopped.await();
    return 0;
  }
}
