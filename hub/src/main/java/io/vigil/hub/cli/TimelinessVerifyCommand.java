package io.vigil.hub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.hub.monitor.HttpHubLogSource;
import io.vigil.hub.timeliness.StatementVerifier;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil timeliness-verify}: recomputes a timeliness statement from the log leaves, their
 * inclusion proofs, the signed checkpoint and the chain, and confirms or refutes it.
 */
@Command(
    name = "timeliness-verify",
    mixinStandardHelpOptions = true,
    description =
        "Recompute a timeliness statement from the log and the chain, without trusting the hub."
            + " Exit 0 CONFIRMED, 1 REFUTED, 2 usage or I/O.")
final class TimelinessVerifyCommand implements Callable<Integer> {
  private static final int PAGE = 1000;

  @Option(names = "--statement", required = true, description = "the statement file")
  Path statement;

  @Option(
      names = "--hub",
      required = true,
      description = "where to fetch log leaves (untrusted: every leaf is proved)")
  String hub;

  @Option(
      names = "--log-key",
      required = true,
      description = "the log's verifier key, obtained out of band (vigil log-key)")
  String logKey;

  @Mixin ChainOptions chain;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String noChain = chain.fillFromDataDir();
    if (noChain != null) {
      err.println("timeliness-verify: " + noChain);
      return 2;
    }
    String rpc = chain.rpc;
    String contract = chain.contract;
    if (rpc == null || contract == null) {
      err.println(
          "timeliness-verify: give --rpc and --contract (or --data-dir of a start-dev hub)");
      return 2;
    }
    NoteVerifierKey key;
    String note;
    try {
      key = NoteVerifierKey.parse(logKey.trim());
      note = Files.readString(statement, StandardCharsets.UTF_8);
    } catch (CheckpointException | java.io.IOException e) {
      err.println("timeliness-verify: " + e.getMessage());
      return 2;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String base = hub.replaceAll("/+$", "");
    StatementVerifier.LeafSource leaves =
        (start, end, treeSize) -> fetch(http, base, start, end, treeSize);
    HttpHubLogSource proofs;
    try {
      proofs = new HttpHubLogSource(base);
    } catch (IllegalArgumentException e) {
      err.println("timeliness-verify: " + e.getMessage());
      return 2;
    }
    // Reading the chain needs no funded account: a throwaway key only satisfies the client.
    String throwaway = new BigInteger(256, new SecureRandom()).setBit(255).toString(16);
    try (AnchorClient client =
        new AnchorClient(ChainConfig.defaults(rpc, throwaway).withContractAddress(contract))) {
      StatementVerifier.Outcome outcome =
          StatementVerifier.verify(
              note,
              key,
              new StatementVerifier.Chain() {
                @Override
                public Optional<byte[]> rootOf(long treeSize) throws Exception {
                  return client.rootOf(treeSize);
                }

                @Override
                public List<StatementVerifier.AnchoredEvent> anchorings() throws Exception {
                  return client.anchoredLogs().stream()
                      .map(
                          a ->
                              new StatementVerifier.AnchoredEvent(
                                  a.treeSize(), a.root().bytes(), a.blockNumber()))
                      .toList();
                }

                @Override
                public Instant blockTime(long number) throws Exception {
                  return client.blockTime(number);
                }
              },
              leaves,
              (from, to) -> proofs.consistency(from, to).hashBytes(),
              PAGE);
      if (outcome.confirmed()) {
        JsonObject s = outcome.statement();
        out.printf(
            "CONFIRMED: sender %s, weeks %s..%s: %s%n",
            s.getString("sender"), s.getString("from"), s.getString("to"), outcome.detail());
        return 0;
      }
      out.println("REFUTED: " + outcome.detail());
      return 1;
    } catch (StatementVerifier.Unavailable e) {
      err.println("timeliness-verify: " + e.getMessage());
      return 2;
    }
  }

  private static List<StatementVerifier.ProvedLeaf> fetch(
      HttpClient http, String base, long start, long end, long treeSize) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/log/leaves?start="
                            + start
                            + "&end="
                            + end
                            + "&treeSize="
                            + treeSize))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new java.io.IOException("the hub answered " + r.statusCode() + " for log leaves");
    }
    JsonArray items = new JsonObject(r.body()).getJsonArray("leaves");
    List<StatementVerifier.ProvedLeaf> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonObject o = items.getJsonObject(i);
      out.add(
          new StatementVerifier.ProvedLeaf(
              o.getLong("index"),
              Base64.getDecoder().decode(o.getString("leaf")),
              Base64.getDecoder().decode(o.getString("proof"))));
    }
    return out;
  }
}
