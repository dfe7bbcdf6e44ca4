package io.vigil.hub.verify;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.log.AnchorInfo;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.Receipt;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import io.vigil.anchoring.merkle.MerkleHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A small deterministic log of {@value #LEAVES} submissions and a chain that anchors its roots, to
 * build genuine receipts (the fuzz corpus seeds) and to check them. Only the signing key is random:
 * receipts carry their own verifier key, as the API serves them.
 */
final class ReceiptFixtures {

  static final int LEAVES = 7;
  static final String ORIGIN = "vigil.example.org/submissions";
  static final Instant RECEIVED = Instant.parse("2026-11-20T12:00:00.123456Z");
  static final Instant BLOCK_TIME = Instant.parse("2026-11-20T12:01:00Z");

  private static final InMemoryMerkleLog LOG = new InMemoryMerkleLog();

  static {
    for (int i = 0; i < LEAVES; i++) {
      LOG.append(leaf(i).encode());
    }
  }

  private ReceiptFixtures() {}

  /** The exact bytes of submission {@code i}. */
  static byte[] message(int i) {
    return ("MSH|^~\\&|LAB|FAC1|HUB|DOH|20261120120000||ORU^R01^ORU_R01|CTRL-"
            + i
            + "|P|2.5.1\rPID|1||PAT"
            + i
            + "\r")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  static LogLeaf leaf(int i) {
    return new LogLeaf(
        "FAC1",
        "CTRL-" + i,
        MerkleHash.sha256(message(i)),
        RECEIVED.plusSeconds(i),
        "AA",
        Optional.empty(),
        Optional.empty());
  }

  /** The chain: every tree size of the fixture log is anchored with its genuine root. */
  static final ReceiptVerifier.ChainView CHAIN =
      new ReceiptVerifier.ChainView() {
        @Override
        public Optional<byte[]> rootOf(long treeSize) {
          return treeSize >= 1 && treeSize <= LEAVES
              ? Optional.of(LOG.root(treeSize).bytes())
              : Optional.empty();
        }

        @Override
        public Optional<ReceiptVerifier.Anchored> anchoring(long treeSize) {
          return Optional.of(new ReceiptVerifier.Anchored(100 + treeSize, BLOCK_TIME));
        }
      };

  /** A genuine receipt for submission {@code index}, under a checkpoint of {@code treeSize}. */
  static JsonObject receipt(CheckpointSigner signer, int index, int treeSize) {
    Checkpoint checkpoint =
        Checkpoint.of(ORIGIN, treeSize, LOG.root(treeSize), BLOCK_TIME.minusSeconds(5));
    AnchorInfo anchor =
        new AnchorInfo(
            31337,
            "0x" + "ab".repeat(20),
            "0x" + "cd".repeat(32),
            100 + treeSize,
            BLOCK_TIME,
            50_000);
    CheckpointRecord record =
        new CheckpointRecord(
            treeSize,
            LOG.root(treeSize),
            signer.sign(checkpoint),
            BLOCK_TIME.minusSeconds(5),
            Optional.of(anchor));
    Receipt receipt =
        new Receipt(
            new UUID(0x0192_0000_0000_7000L, index),
            index,
            leaf(index).encode(),
            Optional.of(record),
            Optional.of(LOG.inclusionProof(index, treeSize)));
    return io.vigil.ingest.provenance.ReceiptJson.write(receipt, signer.verifierKey().render());
  }
}
