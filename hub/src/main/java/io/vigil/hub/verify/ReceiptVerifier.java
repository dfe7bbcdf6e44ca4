package io.vigil.hub.verify;

import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointVerifier;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.leaf.MalformedLeafException;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.anchoring.merkle.ProofException;
import io.vigil.anchoring.merkle.ProofVerifier;
import io.vigil.ingest.provenance.ReceiptJson;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a receipt against the message bytes and the chain, trusting neither the hub nor the
 * receipt: the leaf must commit to the message's SHA-256, the inclusion proof must lead to the
 * checkpoint's root, the checkpoint must be signed by the log key, and that root must be the one
 * the Anchor contract holds for that tree size.
 */
public final class ReceiptVerifier {

  /** What the chain says about a tree size. */
  public interface ChainView {
    /** The root anchored for {@code treeSize}, if any. */
    Optional<byte[]> rootOf(long treeSize) throws Exception;

    /** Block number and time of the anchoring of {@code treeSize}, if found. */
    Optional<Anchored> anchoring(long treeSize) throws Exception;
  }

  /** Where and when a tree size was anchored. */
  public record Anchored(long blockNumber, Instant blockTime) {}

  /** A verified receipt: when the hub received the message and when the chain recorded it. */
  public record Verified(Instant receivedAt, String ackCode, long treeSize, Anchored anchored) {}

  /** Why a receipt does not verify; the message is precise and safe to print. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    public Failure(String message) {
      super(message);
    }
  }

  private ReceiptVerifier() {}

  /**
   * @param message the exact bytes of the message as sent
   * @param receipt the receipt, as parsed (untrusted)
   * @param logKey the log's verifier key: pinned by the auditor, or the receipt's own
   * @param chain the chain to check the root against
   */
  public static Verified verify(
      byte[] message, ReceiptJson.Parsed receipt, String logKey, ChainView chain) throws Failure {
    LogLeaf leaf;
    try {
      leaf = LogLeaf.decode(receipt.leaf());
    } catch (MalformedLeafException e) {
      throw new Failure("the receipt's leaf is malformed: " + e.getMessage());
    }
    Hash sha = MerkleHash.sha256(message);
    if (!sha.equals(leaf.payloadSha256())) {
      throw new Failure(
          "the message does not match the receipt: its SHA-256 is "
              + sha.hex()
              + ", the receipt commits to "
              + leaf.payloadSha256().hex());
    }
    String note =
        receipt
            .checkpointNote()
            .orElseThrow(
                () ->
                    new Failure(
                        "the receipt is pending: no checkpoint covers it yet; fetch it again later"));
    Checkpoint checkpoint;
    try {
      String origin = note.substring(0, Math.max(0, note.indexOf('\n')));
      checkpoint = new CheckpointVerifier(NoteVerifierKey.parse(logKey), origin).verify(note);
    } catch (CheckpointException e) {
      throw new Failure("the checkpoint signature does not verify: " + e.getMessage());
    }
    if (receipt.treeSize().orElse(-1L) != checkpoint.size()) {
      throw new Failure("the receipt's tree size differs from its signed checkpoint");
    }
    try {
      ProofVerifier.verifyInclusion(
          receipt.proof().orElseThrow(() -> new Failure("the receipt has no inclusion proof")),
          leaf.leafHash(),
          checkpoint.rootHash());
    } catch (ProofException e) {
      throw new Failure(
          "the inclusion proof does not lead to the checkpoint's root (" + e.getMessage() + ")");
    }
    Optional<byte[]> onChain;
    Optional<Anchored> anchored;
    try {
      onChain = chain.rootOf(checkpoint.size());
      anchored = chain.anchoring(checkpoint.size());
    } catch (Exception e) {
      throw new Failure("the chain could not be read: " + e.getMessage());
    }
    if (onChain.isEmpty()) {
      throw new Failure(
          "tree size "
              + checkpoint.size()
              + " is not anchored on this chain (not yet, or wrong chain/contract)");
    }
    if (!Hash.of(onChain.get()).equals(checkpoint.rootHash())) {
      throw new Failure(
          "the root anchored on chain for tree size "
              + checkpoint.size()
              + " is "
              + Hash.of(onChain.get()).hex()
              + ", not the checkpoint's "
              + checkpoint.rootHash().hex());
    }
    return new Verified(
        leaf.receivedAt(),
        leaf.ackCode(),
        checkpoint.size(),
        anchored.orElseThrow(() -> new Failure("the anchoring transaction was not found")));
  }
}
