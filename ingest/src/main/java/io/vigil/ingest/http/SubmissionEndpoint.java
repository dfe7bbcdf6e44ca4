package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.store.FindingsJson;
import io.vigil.ingest.store.SubmissionQueries;
import io.vigil.ingest.store.SubmissionView;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/submissions/{id}} and {@code GET /api/v1/submissions?controlId=…[&sender=…]}:
 * status, acknowledgement code, findings, SHA-256 and receipt time. Payloads are never served.
 */
final class SubmissionEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionEndpoint.class);

  private final SubmissionQueries queries;

  SubmissionEndpoint(SubmissionQueries queries) {
    this.queries = queries;
  }

  void byId(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "INVALID_ID", "Submission ids are UUIDs");
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> queries.find(id))
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    view -> json(ctx, toJson(view)),
                    () -> ApiErrors.send(ctx, 404, "NOT_FOUND", "No submission with this id")))
        .onFailure(e -> unavailable(ctx, e));
  }

  void byControlId(RoutingContext ctx) {
    String controlId = ctx.queryParams().get("controlId");
    String sender = ctx.queryParams().get("sender");
    if (controlId == null || controlId.isBlank()) {
      ApiErrors.send(ctx, 400, "MISSING_CONTROL_ID", "Query parameter controlId is required");
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> queries.findByControlId(controlId, sender))
        .onSuccess(
            views -> {
              JsonArray items = new JsonArray();
              views.forEach(v -> items.add(toJson(v)));
              json(ctx, new JsonObject().put("submissions", items));
            })
        .onFailure(e -> unavailable(ctx, e));
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

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn("submission query failed [error: {}]", e.getMessage());
    ctx.response().putHeader("Retry-After", "5");
    ApiErrors.send(ctx, 503, "STORE_UNAVAILABLE", "The system of record is not reachable");
  }
}
