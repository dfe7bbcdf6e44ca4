package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.AnvilProcess;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.GasMode;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.cli.MonitorCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil monitor} against a real hub anchoring on a real anvil chain: a growing log passes,
 * then history rewritten in the hub's database is detected, with and without the hub's key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  /** One {@code vigil monitor} run: exit code and everything it printed. */
  record Run(int exit, String output) {}

  static Run monitor(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new MonitorCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString());
  }

  private JsonObject newestCheckpoint(String base) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/log/checkpoints?limit=1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    var list = new JsonObject(body).getJsonArray("checkpoints");
    return list.isEmpty() ? new JsonObject() : list.getJsonObject(0);
  }

  /** Waits until the hub has published and anchored a checkpoint of {@code size}. */
  private JsonObject awaitAnchored(String base, long size) {
    JsonObject[] newest = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              newest[0] = newestCheckpoint(base);
              return newest[0].getLong("treeSize", 0L) == size
                  && newest[0].getJsonObject("anchor") != null;
            });
    return newest[0];
  }

  private static void send(VigilHub hub, String... controlIds) throws Exception {
    try (MllpClient client = new MllpClient(hub.mllpPort())) {
      for (String id : controlIds) {
        assertThat(MllpClient.ackCode(client.send(TestMessages.elr("88D8888888", id))))
            .isEqualTo("AA");
      }
    }
  }

  private static void update(VigilHub hub, long size, Hash root, String note) throws Exception {
    try (Connection c = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE log_checkpoint SET root_hash = ?, note = coalesce(?, note)"
                    + " WHERE tree_size = ?")) {
      ps.setBytes(1, root.bytes());
      ps.setString(2, note);
      ps.setLong(3, size);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void followsTheAnchoredLogThenDetectsHistoryRewrittenInTheHubDatabase() throws Exception {
    Path hubDir = Files.createDirectories(dir.resolve("hub"));
    Path state = dir.resolve("monitor-state.json");
    try (AnvilProcess anvil = AnvilProcess.builder().hardfork("shanghai").start()) {
      String key = anvil.devOnlyPrivateKey(0);
      String contract;
      try (AnchorClient deployer =
          new AnchorClient(
              ChainConfig.defaults(anvil.rpcUrl(), key).withGasMode(GasMode.EIP1559))) {
        contract = deployer.deploy();
      }
      HubConfig config =
          HubConfig.forDev(hubDir)
              .withMllpPort(0)
              .withHttpPort(0)
              .withChain(
                  new ChainSettings(
                      ChainSettings.Mode.RPC, anvil.rpcUrl(), contract, key, GasMode.EIP1559, 0));
      config = config.withLog(config.log().withInterval(Duration.ofSeconds(1)));
      try (VigilHub hub = VigilHub.start(config)) {
        String base = "http://127.0.0.1:" + hub.httpPort();
        String[] follow = {
          "--hub", base, "--rpc", anvil.rpcUrl(), "--once", "--state", state.toString()
        };

        // 1. A fresh auditor: trusts the key and contract on first use, verifies size 3 on chain.
        send(hub, "MON-1", "MON-2", "MON-3");
        JsonObject three = awaitAnchored(base, 3);
        Run first = monitor(follow);
        assertThat(first.output())
            .contains("trusting log key ")
            .contains("following Anchor contract " + contract.toLowerCase())
            .contains("ok size=3 root=" + three.getString("rootHash") + " anchored block=")
            .doesNotContain("ALERT", "WARN");
        assertThat(first.exit()).as(first.output()).isZero();
        String logKey = new JsonObject(Files.readString(state)).getString("logKey");

        // 2. The log grows: the next run continues from its state and checks consistency 3→5.
        send(hub, "MON-4", "MON-5");
        JsonObject five = awaitAnchored(base, 5);
        Run second = monitor(follow);
        assertThat(second.output())
            .contains("continuing from size 3")
            .contains("ok size=5 root=" + five.getString("rootHash") + " anchored block=")
            .doesNotContain("ok size=3", "ALERT", "WARN");
        assertThat(second.exit()).as(second.output()).isZero();

        // 3. Someone with database access rewrites the root of size 5 (not the signed note).
        Hash forged = MerkleHash.sha256("rewritten".getBytes(StandardCharsets.UTF_8));
        update(hub, 5, forged, null);
        Run rewritten = monitor(follow);
        assertThat(rewritten.output())
            .contains(
                "ALERT REWRITE size=5: the hub lists root "
                    + forged.hex()
                    + ", but its signed note says size 5 root "
                    + five.getString("rootHash"));
        assertThat(rewritten.exit()).as(rewritten.output()).isEqualTo(1);
        Run freshRewritten =
            monitor("--hub", base, "--rpc", anvil.rpcUrl(), "--log-key", logKey, "--once");
        assertThat(freshRewritten.output()).contains("ALERT REWRITE size=5");
        assertThat(freshRewritten.exit()).isEqualTo(1);

        // 4. With the hub's signing key, the rewrite is re-signed: a fork for whoever saw the
        // original, and a chain mismatch even for an auditor who never did.
        String origin = five.getString("note").substring(0, five.getString("note").indexOf('\n'));
        CheckpointSigner signer =
            CheckpointSigner.fromSignerKey(
                Files.readString(hubDir.resolve("log-signer.key"), StandardCharsets.US_ASCII)
                    .trim());
        update(hub, 5, forged, signer.sign(Checkpoint.of(origin, 5, forged, Instant.now())));
        Run forked = monitor(follow);
        assertThat(forked.output())
            .contains(
                "ALERT FORK size=5: the hub now serves a validly signed root "
                    + forged.hex()
                    + " for a size whose verified root is "
                    + five.getString("rootHash"));
        assertThat(forked.exit()).as(forked.output()).isEqualTo(1);
        Run freshForked =
            monitor("--hub", base, "--rpc", anvil.rpcUrl(), "--log-key", logKey, "--once");
        assertThat(freshForked.output())
            .contains("ALERT INCONSISTENT size=5")
            .contains(
                "ALERT CHAIN_MISMATCH size=5: contract "
                    + contract.toLowerCase()
                    + " holds root "
                    + five.getString("rootHash"));
        assertThat(freshForked.exit()).isEqualTo(1);
      }
    }
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(monitor("--once").exit()).isEqualTo(2);
    assertThat(monitor("--hub", "http://127.0.0.1:1", "--interval", "0").exit()).isEqualTo(2);
    assertThat(monitor("--hub", "ftp://hub", "--once").exit()).isEqualTo(2);
    Run contractWithoutRpc = monitor("--hub", "http://127.0.0.1:1", "--contract", "0x01", "--once");
    assertThat(contractWithoutRpc.output()).contains("--contract needs --rpc");
    assertThat(contractWithoutRpc.exit()).isEqualTo(2);
    Path bad = Files.writeString(dir.resolve("bad-state.json"), "not json");
    assertThat(monitor("--hub", "http://127.0.0.1:1", "--state", bad.toString(), "--once").exit())
        .isEqualTo(2);
    Run unreachable = monitor("--hub", "http://127.0.0.1:1", "--once");
    assertThat(unreachable.output()).contains("WARN HUB_UNREACHABLE: GET /api/v1/log/checkpoints");
    assertThat(unreachable.exit()).isEqualTo(1);
  }
}
