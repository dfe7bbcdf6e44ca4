package io.vigil.ingest.provenance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.log.AnchorInfo;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.Receipt;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InclusionProof;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The receipt's JSON form, shared by the API that serves it and {@code vigil verify} that checks
 * it. Version 1:
 *
 * <pre>
 * { "version": 1, "submissionId", "status": "pending" | "checkpointed" | "anchored",
 *   "leafIndex", "leaf": base64 (canonical LogLeaf), "leafHash": hex,
 *   "checkpoint": { "treeSize", "rootHash": hex, "note": C2SP signed note },
 *   "inclusionProof": [hex, …],
 *   "anchor": { "chainId", "contract", "txHash", "blockNumber", "blockTime", "gasUsed" },
 *   "logKey": signed-note verifier key }
 * </pre>
 */
public final class ReceiptJson {
  public static final int VERSION = 1;

  private ReceiptJson() {}

  /** How far this receipt has come, in the vocabulary the submissions listing uses too. */
  static ReceiptStatus status(Receipt r) {
    if (r.checkpoint().isEmpty()) {
      return ReceiptStatus.PENDING;
    }
    return r.checkpoint().get().anchor().isPresent()
        ? ReceiptStatus.ANCHORED
        : ReceiptStatus.CHECKPOINTED;
  }

  public static JsonObject write(Receipt r, String logKey) {
    JsonObject json =
        new JsonObject()
            .put("version", VERSION)
            .put("submissionId", r.submissionId().toString())
            .put("status", status(r).wireName())
            .put("leafIndex", r.leafIndex())
            .put("leaf", Base64.getEncoder().encodeToString(r.leaf()))
            .put("leafHash", io.vigil.anchoring.leaf.LogLeaf.decode(r.leaf()).leafHash().hex());
    r.checkpoint()
        .ifPresent(
            cp -> {
              json.put("checkpoint", checkpoint(cp));
              cp.anchor().ifPresent(a -> json.put("anchor", anchor(a)));
            });
    r.proof()
        .ifPresent(
            p -> {
              JsonArray hashes = new JsonArray();
              p.hashes().forEach(h -> hashes.add(h.hex()));
              json.put("inclusionProof", hashes);
            });
    return json.put("logKey", logKey);
  }

  public static JsonObject checkpoint(CheckpointRecord cp) {
    return new JsonObject()
        .put("treeSize", cp.treeSize())
        .put("rootHash", cp.rootHash().hex())
        .put("note", cp.note());
  }

  public static JsonObject anchor(AnchorInfo a) {
    return new JsonObject()
        .put("chainId", a.chainId())
        .put("contract", a.contract())
        .put("txHash", a.txHash())
        .put("blockNumber", a.blockNumber())
        .put("blockTime", a.blockTime().toString())
        .put("gasUsed", a.gasUsed());
  }

  /** A receipt parsed back; fails with {@link IllegalArgumentException} on a malformed one. */
  public static Parsed read(JsonObject json) {
    try {
      if (json.getInteger("version", 0) != VERSION) {
        throw new IllegalArgumentException(
            "unsupported receipt version " + json.getValue("version"));
      }
      JsonObject cp = json.getJsonObject("checkpoint");
      JsonArray proof = json.getJsonArray("inclusionProof");
      JsonObject anchor = json.getJsonObject("anchor");
      long index = json.getLong("leafIndex");
      Optional<InclusionProof> inclusion = Optional.empty();
      if (cp != null && proof != null) {
        List<Hash> hashes = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
          hashes.add(Hash.fromHex(proof.getString(i)));
        }
        inclusion = Optional.of(new InclusionProof(index, cp.getLong("treeSize"), hashes));
      }
      return new Parsed(
          UUID.fromString(json.getString("submissionId")),
          index,
          Base64.getDecoder().decode(json.getString("leaf")),
          cp == null ? Optional.empty() : Optional.of(cp.getString("note")),
          cp == null ? Optional.empty() : Optional.of(cp.getLong("treeSize")),
          inclusion,
          anchor == null
              ? Optional.empty()
              : Optional.of(
                  new AnchorInfo(
                      anchor.getLong("chainId"),
                      anchor.getString("contract"),
                      anchor.getString("txHash"),
                      anchor.getLong("blockNumber"),
                      Instant.parse(anchor.getString("blockTime")),
                      anchor.getLong("gasUsed", 0L))),
          Optional.ofNullable(json.getString("logKey")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed receipt: " + e.getMessage(), e);
    }
  }

  /** A receipt as read from JSON (nothing in it is trusted until verified). */
  public record Parsed(
      UUID submissionId,
      long leafIndex,
      byte[] leaf,
      Optional<String> checkpointNote,
      Optional<Long> treeSize,
      Optional<InclusionProof> proof,
      Optional<AnchorInfo> anchor,
      Optional<String> logKey) {}
}
