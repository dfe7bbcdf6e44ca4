package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.store.FindingsJson;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.store.SubmissionView;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/v1/submissions/{id}} and {@code GET /api/v1/submissions?controlId=…[&sender=…]}:
 * status, acknowledgement code, findings, SHA-256 and receipt time. Payloads are never served. A
 * sender's principal sees only its own submissions (others are 404, as if absent).
 */
final class SubmissionEndpoint {
  private final SubmissionQueries queries;

  SubmissionEndpoint(SubmissionQueries queries) {
    this.queries = queries;
  }

  void byId(RoutingContext ctx) {
    Optional<UUID> parsed = ApiReplies.uuidParam(ctx, "id");
    if (parsed.isEmpty()) {
      return;
    }
    UUID id = parsed.get();
    Long own = AuthContext.ownSender(ctx).orElse(null);
    ctx.vertx()
        .executeBlocking(() -> queries.find(id, own))
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
      ApiReplies.send(ctx, 400, "MISSING_CONTROL_ID", "Query parameter controlId is required");
      return;
    }
    Long own = AuthContext.ownSender(ctx).orElse(null);
    ctx.vertx()
        .executeBlocking(() -> queries.findByControlId(controlId, sender, own))
        .onSuccess(
            views -> {
              JsonArray items = new JsonArray();
              views.forEach(v -> items.add(toJson(v)));
              ApiReplies.json(ctx, new JsonObject().put("submissions", items));
            })
        .onFailure(e -> ApiReplies.unavailable(ctx, e));
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
