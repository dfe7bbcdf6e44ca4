package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.ReceiptService;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.provenance.ReceiptJson;
import io.vigil.ingest.store.SubmissionQueries;
import java.util.Optional;
import java.util.UUID;

/**
 * Provenance API: {@code GET /api/v1/submissions/{id}/receipt}, {@code GET
 * /api/v1/log/checkpoints}, {@code GET /api/v1/log/consistency?from=&to=}, {@code GET
 * /api/v1/log/key}.
 */
final class ProvenanceEndpoint {
  private final ReceiptService receipts;
  private final CheckpointStore checkpoints;
  private final String logKey;
  private final SubmissionQueries queries;

  ProvenanceEndpoint(
      ReceiptService receipts,
      CheckpointStore checkpoints,
      String logKey,
      SubmissionQueries queries) {
    this.receipts = receipts;
    this.queries = queries;
    this.checkpoints = checkpoints;
    this.logKey = logKey;
  }

  void receipt(RoutingContext ctx) {
    Optional<UUID> parsed = ApiReplies.uuidParam(ctx, "id");
    if (parsed.isEmpty()) {
      return;
    }
    UUID id = parsed.get();
    Long own = AuthContext.ownSender(ctx).orElse(null);
    ctx.vertx()
        .executeBlocking(
            () ->
                own != null && queries.find(id, own).isEmpty()
                    ? Optional.<io.vigil.anchoring.log.Receipt>empty()
                    : receipts.forSubmission(id),
            false)
        .onSuccess(
            r ->
                r.ifPresentOrElse(
                    receipt -> ApiReplies.json(ctx, ReceiptJson.write(receipt, logKey)),
                    () ->
                        ApiReplies.send(
                            ctx, 404, "NOT_FOUND", "No logged submission with this id")))
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  void checkpoints(RoutingContext ctx) {
    int limit;
    try {
      limit =
          Integer.parseInt(
              ctx.queryParams().get("limit") == null ? "20" : ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      ApiReplies.send(ctx, 400, "INVALID_LIMIT", "limit must be a whole number");
      return;
    }
    int capped = Math.max(1, Math.min(limit, 1000));
    ctx.vertx()
        .executeBlocking(() -> checkpoints.list(capped), false)
        .onSuccess(
            list -> {
              JsonArray items = new JsonArray();
              list.forEach(
                  cp -> {
                    JsonObject o = ReceiptJson.checkpoint(cp);
                    cp.anchor().ifPresent(a -> o.put("anchor", ReceiptJson.anchor(a)));
                    items.add(o.put("createdAt", cp.createdAt().toString()));
                  });
              ApiReplies.json(
                  ctx, new JsonObject().put("checkpoints", items).put("logKey", logKey));
            })
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  void consistency(RoutingContext ctx) {
    long from;
    long to;
    try {
      from = Long.parseLong(ctx.queryParams().get("from"));
      to = Long.parseLong(ctx.queryParams().get("to"));
    } catch (NumberFormatException e) {
      ApiReplies.send(ctx, 400, "INVALID_SIZES", "from and to must be tree sizes");
      return;
    }
    if (from < 1 || to < from) {
      ApiReplies.send(ctx, 400, "INVALID_SIZES", "need 1 <= from <= to");
      return;
    }
    ctx.vertx()
        .executeBlocking(
            () -> {
              long published = checkpoints.latest().map(c -> c.treeSize()).orElse(0L);
              if (to > published) {
                return null;
              }
              return receipts.consistency(from, to);
            },
            false)
        .onSuccess(
            (ConsistencyProof p) -> {
              if (p == null) {
                ApiReplies.send(ctx, 404, "NOT_PUBLISHED", "to is beyond the newest checkpoint");
                return;
              }
              JsonArray hashes = new JsonArray();
              p.hashes().forEach(h -> hashes.add(h.hex()));
              ApiReplies.json(
                  ctx, new JsonObject().put("from", from).put("to", to).put("proof", hashes));
            })
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  void key(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(logKey + "\n");
  }
}
