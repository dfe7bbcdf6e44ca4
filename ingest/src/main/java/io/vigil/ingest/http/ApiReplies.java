package io.vigil.ingest.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uniform API replies: JSON bodies, and errors as a stable code and a human message, never a stack
 * trace.
 */
public final class ApiReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);

  private ApiReplies() {}

  /** Where a stored submission is read ({@code GET}): the Location of what a POST stored. */
  public static String submissionLocation(UUID submissionId) {
    return "/api/v1/submissions/" + submissionId;
  }

  static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** The path parameter as a UUID; replies 400 and returns empty when it is not one. */
  static Optional<UUID> uuidParam(RoutingContext ctx, String name) {
    try {
      return Optional.of(UUID.fromString(ctx.pathParam(name)));
    } catch (IllegalArgumentException e) {
      send(ctx, 400, "INVALID_ID", "Submission ids are UUIDs");
      return Optional.empty();
    }
  }

  /** The system of record could not answer: 503 with Retry-After. */
  static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn("query failed [path: {}, error: {}]", ctx.normalizedPath(), e.getMessage());
    ctx.response().putHeader("Retry-After", "5");
    send(ctx, 503, "STORE_UNAVAILABLE", "The system of record is not reachable");
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
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
      case 401 -> {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        send(ctx, 401, "UNAUTHORIZED", "A valid bearer access token is required");
      }
      case 403 -> send(ctx, 403, "FORBIDDEN", "Not allowed");
      case 413 -> send(ctx, 413, "BODY_TOO_LARGE", "Request body exceeds this hub's size limit");
      case BodyBudget.STATUS -> {
        ctx.response().putHeader("Retry-After", BodyBudget.RETRY_AFTER_SECONDS);
        send(ctx, BodyBudget.STATUS, BodyBudget.CODE, BodyBudget.MESSAGE);
      }
      case ContentDecoder.STATUS -> send(ctx, 415, ContentDecoder.CODE, ContentDecoder.MESSAGE);
      case 404 -> send(ctx, 404, "NOT_FOUND", "No such resource");
      case 405 -> send(ctx, 405, "METHOD_NOT_ALLOWED", "Method not allowed on this resource");
      case 400 -> {
        if (ctx.failure() instanceof ContentDecoder.InvalidCoding e) {
          send(ctx, 400, ContentDecoder.INVALID_CODE, e.getMessage());
        } else {
          send(ctx, 400, "BAD_REQUEST", "The request could not be read");
        }
      }
      default -> send(ctx, 500, "INTERNAL_ERROR", "The hub failed to handle this request");
    }
  }
}
