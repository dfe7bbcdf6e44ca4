package io.vigil.ingest.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Uniform JSON error bodies: a stable code and a human message, never a stack trace. */
final class ApiErrors {
  private ApiErrors() {}

  static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  /** Failure handler for the router: maps framework failures to JSON errors. */
  static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    switch (status) {
      case 413 -> send(ctx, 413, "BODY_TOO_LARGE", "Request body exceeds this hub's size limit");
      case 404 -> send(ctx, 404, "NOT_FOUND", "No such resource");
      case 405 -> send(ctx, 405, "METHOD_NOT_ALLOWED", "Method not allowed on this resource");
      case 400 -> send(ctx, 400, "BAD_REQUEST", "The request could not be read");
      default -> send(ctx, 500, "INTERNAL_ERROR", "The hub failed to handle this request");
    }
  }
}
