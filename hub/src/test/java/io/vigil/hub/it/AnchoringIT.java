package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.AnvilProcess;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.GasMode;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End to end: MLLP → stored → checkpoint → anchored on anvil → receipt → vigil verify. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AnchoringIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", DevCredentials.bearer(dir, "auditor"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static HubConfig fastCheckpoints(HubConfig config) {
    return config.withLog(config.log().withInterval(Duration.ofSeconds(1)));
  }

  private String submissionId(String base, String controlId) throws Exception {
    return new JsonObject(get(base + "/api/v1/submissions?controlId=" + controlId))
        .getJsonArray("submissions")
        .getJsonObject(0)
        .getString("id");
  }

  private String anchoredReceipt(String base, String id) {
    String[] receipt = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              receipt[0] = get(base + "/api/v1/submissions/" + id + "/receipt");
              return "anchored".equals(new JsonObject(receipt[0]).getString("status"));
            });
    return receipt[0];
  }

  private static int verify(String[] args, StringWriter out) {
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    return cli.execute(args);
  }

  private static double metric(String scrape, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
  }

  @Test
  void aReceiptVerifiesAgainstTheChainAndAChangedByteDoesNot() throws Exception {
    HubConfig config =
        fastCheckpoints(
            HubConfig.forDev(dir).withMllpPort(0).withHttpPort(0).withChain(ChainSettings.anvil()));
    try (VigilHub hub = VigilHub.start(config)) {
      String base = "http://127.0.0.1:" + hub.httpPort();
      String message = TestMessages.elr("66D6666666", "ANCHOR-1");
      try (MllpClient client = new MllpClient(hub.mllpPort())) {
        assertThat(MllpClient.ackCode(client.send(message))).isEqualTo("AA");
      }
      String receipt = anchoredReceipt(base, submissionId(base, "ANCHOR-1"));
      Path messageFile = dir.resolve("message.hl7");
      Path receiptFile = dir.resolve("receipt.json");
      Files.write(messageFile, TestMessages.bytes(message));
      Files.writeString(receiptFile, receipt, StandardCharsets.UTF_8);

      StringWriter out = new StringWriter();
      int ok =
          verify(
              new String[] {
                "verify",
                "--file",
                messageFile.toString(),
                "--receipt",
                receiptFile.toString(),
                "--data-dir",
                dir.toString()
              },
              out);
      assertThat(out.toString()).contains("verified: received ").contains("anchored in block");
      assertThat(ok).isZero();

      byte[] tampered = TestMessages.bytes(message);
      tampered[tampered.length / 2] ^= 1;
      Files.write(messageFile, tampered);
      StringWriter bad = new StringWriter();
      int failed =
          verify(
              new String[] {
                "verify",
                "--file",
                messageFile.toString(),
                "--receipt",
                receiptFile.toString(),
                "--rpc",
                hub.chainRpcUrl().orElseThrow()
              },
              bad);
      assertThat(failed).isEqualTo(1);
      assertThat(bad.toString()).contains("NOT verified: the message does not match the receipt");

      String metrics = get(base + "/metrics");
      assertThat(metric(metrics, "vigil_anchor_transactions_total")).isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "vigil_anchor_gas_count")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void whileTheChainIsDownTheBacklogGrowsAndOneTransactionCatchesUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path state = dir.resolve("anvil-state.json");
    AnvilProcess anvil =
        AnvilProcess.builder().port(port).stateFile(state).hardfork("shanghai").start();
    String key = anvil.devOnlyPrivateKey(0);
    String contract;
    try (AnchorClient deployer =
        new AnchorClient(ChainConfig.defaults(anvil.rpcUrl(), key).withGasMode(GasMode.EIP1559))) {
      contract = deployer.deploy();
    }
    ChainSettings chain =
        new ChainSettings(
            ChainSettings.Mode.RPC, anvil.rpcUrl(), contract, key, GasMode.EIP1559, 0);
    HubConfig config =
        fastCheckpoints(HubConfig.forDev(dir).withMllpPort(0).withHttpPort(0).withChain(chain));
    try (VigilHub hub = VigilHub.start(config)) {
      String base = "http://127.0.0.1:" + hub.httpPort();
      try (MllpClient client = new MllpClient(hub.mllpPort())) {
        client.send(TestMessages.elr("77D7777777", "DOWN-0"));
        anchoredReceipt(base, submissionId(base, "DOWN-0"));

        anvil.close(); // the chain goes away
        for (int round = 1; round <= 3; round++) {
          for (int i = 0; i < 5; i++) {
            assertThat(
                    MllpClient.ackCode(
                        client.send(TestMessages.elr("77D7777777", "DOWN-" + round + "-" + i))))
                .as("ingest does not depend on the chain")
                .isEqualTo("AA");
          }
          int expected = 1 + round * 5;
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      new JsonObject(get(base + "/api/v1/log/checkpoints"))
                              .getJsonArray("checkpoints")
                              .getJsonObject(0)
                              .getLong("treeSize")
                          == expected);
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> metric(get(base + "/metrics"), "vigil_anchor_backlog_leaves") == 15);
        assertThat(metric(get(base + "/metrics"), "vigil_anchor_backlog_checkpoints")).isEqualTo(3);
        double txBefore = metric(get(base + "/metrics"), "vigil_anchor_transactions_total");

        anvil = AnvilProcess.builder().port(port).stateFile(state).hardfork("shanghai").start();
        String last = submissionId(base, "DOWN-3-4");
        String receipt = anchoredReceipt(base, last);
        assertThat(new JsonObject(receipt).getJsonObject("checkpoint").getLong("treeSize"))
            .isEqualTo(16);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> metric(get(base + "/metrics"), "vigil_anchor_backlog_leaves") == 0);
        assertThat(metric(get(base + "/metrics"), "vigil_anchor_transactions_total") - txBefore)
            .as("one transaction for the newest checkpoint covers the backlog")
            .isEqualTo(1);
        // An early message's receipt is now proved against the catch-up checkpoint.
        String early = anchoredReceipt(base, submissionId(base, "DOWN-1-0"));
        assertThat(new JsonObject(early).getJsonObject("checkpoint").getLong("treeSize"))
            .isEqualTo(16);
      }
    } finally {
      anvil.close();
    }
  }
}
