package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.provenance.ReceiptStatus;
import io.vigil.ingest.store.FindingsJson;
import io.vigil.ingest.store.SubmissionPage;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.store.SubmissionSummary;
import io.vigil.ingest.store.SubmissionView;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/submissions/{id}}, {@code GET /api/v1/submissions?controlId=…[&sender=…]} and
 * the newest-first listing {@code GET /api/v1/submissions[?limit=&before=&sender=]}: status,
 * acknowledgement code, findings, SHA-256, receipt time and receipt status. Payloads are never
 * served. A sender's principal sees only its own submissions (others are 404, as if absent).
 */
final class SubmissionEndpoint {
  /** Page size of the listing when {@code limit} is not given. */
  static final int DEFAULT_LIMIT = 20;

  private final SubmissionQueries queries;
  private final CheckpointStore checkpoints;

  SubmissionEndpoint(SubmissionQueries queries, CheckpointStore checkpoints) {
    this.queries = queries;
    this.checkpoints = checkpoints;
  }

  /** By control id when {@code controlId} is given, else one page of the newest submissions. */
  void find(RoutingContext ctx) {
    if (ctx.queryParams().contains("controlId")) {
      byControlId(ctx);
    } else {
      list(ctx);
    }
  }

  void list(RoutingContext ctx) {
    String limitParam = ctx.queryParams().get("limit");
    String beforeParam = ctx.queryParams().get("before");
    String sender = ctx.queryParams().get("sender");
    int limit;
    try {
      limit = limitParam == null ? DEFAULT_LIMIT : Integer.parseInt(limitParam);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > SubmissionQueries.LIST_LIMIT) {
      ApiReplies.send(ctx, 400, "INVALID_LIMIT", "limit is 1.." + SubmissionQueries.LIST_LIMIT);
      return;
    }
    UUID before;
    try {
      before = beforeParam == null ? null : UUID.fromString(beforeParam);
    } catch (IllegalArgumentException e) {
      ApiReplies.send(ctx, 400, "INVALID_CURSOR", "before is the next cursor of a previous page");
      return;
    }
    Long own = AuthContext.ownSender(ctx).orElse(null);
    int pageSize = limit;
    ctx.vertx()
        .executeBlocking(
            () -> {
              SubmissionPage page = queries.list(before, sender, own, pageSize);
              // Read after the page: sizes only grow, so a status is never overstated.
              long signed = checkpoints.latest().map(CheckpointRecord::treeSize).orElse(0L);
              long anchored =
                  checkpoints.latestAnchored().map(CheckpointRecord::treeSize).orElse(0L);
              JsonArray items = new JsonArray();
              for (SubmissionSummary s : page.rows()) {
                items.add(toJson(s, ReceiptStatus.of(s.leafIndex(), signed, anchored)));
              }
              return new JsonObject()
                  .put("submissions", items)
                  .put("next", page.next() == null ? null : page.next().toString());
            },
            false)
        .onSuccess(body -> ApiReplies.json(ctx, body))
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  void byId(RoutingContext ctx) {
    Optional<UUID> parsed = ApiReplies.uuidParam(ctx, "id");
    if (parsed.isEmpty()) {
      return;
    }
    UUID id = parsed.get();
    Long own = AuthContext.ownSender(ctx).orElse(null);
    ctx.vertx()
        .executeBlocking(() -> queries.find(id, own), false)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    view -> ApiReplies.json(ctx, toJson(view)),
                    () -> ApiReplies.send(ctx, 404, "NOT_FOUND", "No submission with this id")))
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  void byControlId(RoutingContext ctx) {
    String controlId = ctx.queryParams().get("controlId");
    String sender = ctx.queryParams().get("sender");
    if (controlId == null || controlId.isBlank()) {
      ApiReplies.send(ctx, 400, "MISSING_CONTROL_ID", "controlId, when given, is not empty");
      return;
    }
    Long own = AuthContext.ownSender(ctx).orElse(null);
    ctx.vertx()
        .executeBlocking(() -> queries.findByControlId(controlId, sender, own), false)
        .onSuccess(
            views -> {
              JsonArray items = new JsonArray();
              views.forEach(v -> items.add(toJson(v)));
              ApiReplies.json(ctx, new JsonObject().put("submissions", items));
            })
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
  }

  static JsonObject toJson(SubmissionSummary s, ReceiptStatus receipt) {
    return new JsonObject()
        .put("id", s.id().toString())
        .put("sender", s.facilityId())
        .put("transport", s.transport())
        .put("format", s.format())
        .put("messageType", s.messageType())
        .put("controlId", s.controlId())
        .put("receivedAt", s.receivedAt().toString())
        .put("status", s.disposition())
        .put("ackCode", s.ackCode())
        .put("leafIndex", s.leafIndex())
        .put("receipt", receipt.wireName());
  }

  static JsonObject toJson(SubmissionView v) {
    return new JsonObject()
        .put("id", v.id().toString())
        .put("sender", v.facilityId())
        .put("transport", v.transport())
        .put("format", v.format())
        .put("messageType", v.messageType())
        .put("controlId", v.controlId())
        .put("receivedAt", v.receivedAt().toString())
        .put("payloadSha256", v.payloadSha256())
        .put("status", v.disposition())
        .put("ackCode", v.ackCode())
        .put("findings", FindingsJson.toJson(v.findings()));
  }
}
