package io.vigil.hub.cli;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.AnchorResult;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.hub.verify.ReceiptVerifier;
import io.vigil.ingest.provenance.ReceiptJson;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil verify}: checks that a message was received and anchored, from the message bytes,
 * its receipt and the chain alone.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify a message against its receipt and the chain, without trusting the hub."
            + " Exit 0 verified, 1 not verified, 2 usage.")
final class VerifyCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, description = "the message file, exact bytes as sent")
  Path file;

  @Option(names = "--receipt", required = true, description = "the receipt JSON (GET …/receipt)")
  Path receipt;

  @Option(
      names = "--log-key",
      description = "the log's verifier key, pinned (default: the one in the receipt)")
  String logKey;

  @Mixin ChainOptions chain;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String noChain = chain.fillFromDataDir();
    if (noChain != null) {
      err.println("verify: " + noChain);
      return 2;
    }
    String rpc = chain.rpc;
    String contract = chain.contract;
    if (rpc == null) {
      err.println("verify: give --rpc URL (or --data-dir of a start-dev hub)");
      return 2;
    }
    ReceiptJson.Parsed parsed;
    try {
      parsed = ReceiptJson.read(new JsonObject(Files.readString(receipt, StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      out.println("NOT verified: the receipt is not readable: " + e.getMessage());
      return 1;
    }
    String key = logKey != null ? logKey : parsed.logKey().orElse(null);
    if (key == null) {
      err.println("verify: the receipt carries no log key; give --log-key");
      return 2;
    }
    String address =
        contract != null ? contract : parsed.anchor().map(a -> a.contract()).orElse(null);
    if (address == null) {
      out.println("NOT verified: the receipt is not anchored yet and no --contract was given");
      return 1;
    }
    // Reading the chain needs no funded account: a throwaway key only satisfies the client.
    String throwaway = new BigInteger(256, new SecureRandom()).setBit(255).toString(16);
    ChainConfig chainConfig = ChainConfig.defaults(rpc, throwaway).withContractAddress(address);
    try (AnchorClient client = new AnchorClient(chainConfig)) {
      ReceiptVerifier.Verified v =
          ReceiptVerifier.verify(
              Files.readAllBytes(file),
              parsed,
              key,
              new ReceiptVerifier.ChainView() {
                @Override
                public Optional<byte[]> rootOf(long treeSize) throws Exception {
                  return client.rootOf(treeSize);
                }

                @Override
                public Optional<ReceiptVerifier.Anchored> anchoring(long treeSize)
                    throws Exception {
                  Optional<AnchorResult> r = client.findAnchor(treeSize);
                  return r.map(a -> new ReceiptVerifier.Anchored(a.blockNumber(), a.blockTime()));
                }
              });
      out.printf(
          "verified: received %s, anchored in block %d at %s (ack %s, tree size %d%s)%n",
          v.receivedAt(),
          v.anchored().blockNumber(),
          v.anchored().blockTime(),
          v.ackCode(),
          v.treeSize(),
          logKey == null ? "; log key taken from the receipt, pin it with --log-key" : "");
      return 0;
    } catch (ReceiptVerifier.Failure e) {
      out.println("NOT verified: " + e.getMessage());
      return 1;
    }
  }
}
