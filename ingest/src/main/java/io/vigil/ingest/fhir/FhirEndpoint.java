package io.vigil.ingest.fhir;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.http.BodyBudget;
import io.vigil.ingest.http.ContentDecoder;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The FHIR R4 HTTP endpoints: {@code POST /fhir/r4/$process-message} ({@link #processMessage}) and
 * {@code POST /fhir/r4}, {@code /fhir/r4/Bundle} ({@link #submitBundle}). Bodies are FHIR JSON
 * ({@code application/fhir+json} or {@code application/json}); every answer is FHIR JSON, every
 * error an {@code OperationOutcome}, never a bare 500.
 *
 * <p>Status codes: 200 ({@code $process-message}) / 201 (Bundle) stored and accepted, with {@code
 * Location: /api/v1/submissions/{id}}; 422 stored with content errors; 400 rejected (not JSON, not
 * a Bundle, wrong Bundle type); 403 sending facility not allowed; 413 body too large; 415 not FHIR
 * JSON; 503 not stored (resend later; {@code Retry-After}).
 */
public final class FhirEndpoint {
  public static final String FHIR_JSON = "application/fhir+json";
  private static final Set<String> JSON_TYPES =
      Set.of(FHIR_JSON, "application/json", "application/json+fhir");
  private static final Set<String> NDJSON_TYPES =
      Set.of("application/fhir+ndjson", "application/x-ndjson", "application/ndjson");

  private final FhirIntake intake;

  public FhirEndpoint(FhirIntake intake) {
    this.intake = intake;
  }

  /** {@code POST /fhir/r4/$process-message}. */
  public void processMessage(RoutingContext ctx) {
    handle(ctx, FhirOperation.PROCESS_MESSAGE);
  }

  /** {@code POST /fhir/r4} and {@code POST /fhir/r4/Bundle}. */
  public void submitBundle(RoutingContext ctx) {
    handle(ctx, FhirOperation.SUBMIT_BUNDLE);
  }

  /**
   * Failure handler for the FHIR routes: a body over the limit (refused by the body handler before
   * it is buffered) and anything unexpected become OperationOutcomes.
   */
  public void onFailure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.statusCode() == 413) {
      String length = ctx.request().getHeader("Content-Length");
      long n = length == null ? -1 : parseLong(length);
      FhirOperation op =
          ctx.normalizedPath().endsWith("$process-message")
              ? FhirOperation.PROCESS_MESSAGE
              : FhirOperation.SUBMIT_BUNDLE;
      FhirResult r = intake.rejectOversized(op, n);
      send(ctx, r.status(), r.body());
      return;
    }
    if (ctx.failure() instanceof BodyBudget.Busy) {
      ctx.response().putHeader("Retry-After", BodyBudget.RETRY_AFTER_SECONDS);
      send(
          ctx,
          BodyBudget.STATUS,
          FhirResponses.outcome(BodyBudget.STATUS, BodyBudget.CODE, BodyBudget.MESSAGE));
      return;
    }
    int status = ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 500;
    if (ctx.failure() instanceof ContentDecoder.InvalidCoding e) {
      send(ctx, 400, FhirResponses.outcome(400, ContentDecoder.INVALID_CODE, e.getMessage()));
      return;
    }
    String code =
        switch (status) {
          case 400 -> "BAD_REQUEST";
          case 401 -> "UNAUTHORIZED";
          case 403 -> "FORBIDDEN";
          case 404 -> "NOT_FOUND";
          case 405 -> "METHOD_NOT_ALLOWED";
          case ContentDecoder.STATUS -> ContentDecoder.CODE;
          case 500 -> "INTERNAL_ERROR";
          default -> "CLIENT_ERROR";
        };
    String why =
        switch (status) {
          case 401 -> "A valid bearer token is required (POST /api/v1/token)";
          case 403 -> "This client may not submit here";
          case ContentDecoder.STATUS -> ContentDecoder.MESSAGE;
          case 500 -> "The hub failed to handle this";
          default -> "The request could not be handled";
        };
    send(ctx, status, FhirResponses.outcome(status, code, why));
  }

  private void handle(RoutingContext ctx, FhirOperation operation) {
    long receivedNanos = System.nanoTime();
    String contentType = ctx.request().getHeader("Content-Type");
    String media = contentType == null ? FHIR_JSON : mediaType(contentType);
    if (!JSON_TYPES.contains(media)) {
      String why =
          NDJSON_TYPES.contains(media)
              ? "NDJSON is for bulk data; send one Bundle as " + FHIR_JSON
              : media.contains("xml")
                  ? "This hub accepts FHIR JSON only; send the Bundle as " + FHIR_JSON
                  : "Send a FHIR Bundle as " + FHIR_JSON;
      send(ctx, 415, FhirResponses.outcome(415, "UNSUPPORTED_MEDIA_TYPE", why));
      return;
    }
    Buffer body = ctx.body().buffer();
    byte[] raw = body == null ? new byte[0] : body.getBytes();
    // The sender the bearer token is bound to; the dev sender principal (none) may use any.
    Optional<Long> sender = AuthContext.find(ctx).map(Principal::senderId);
    Future.fromCompletionStage(
            intake.submit(raw, operation, sender, receivedNanos), ctx.vertx().getOrCreateContext())
        .onSuccess(r -> respond(ctx, r))
        .onFailure(
            e ->
                send(
                    ctx,
                    500,
                    FhirResponses.outcome(500, "INTERNAL_ERROR", "The hub failed to handle this")));
  }

  private static void respond(RoutingContext ctx, FhirResult r) {
    if (r.location() != null) {
      ctx.response().putHeader("Location", r.location());
      ctx.response().putHeader("X-Vigil-Submission-Id", r.submissionId().toString());
    }
    if (r.duplicate()) {
      ctx.response().putHeader("X-Vigil-Duplicate", "true");
    }
    if (r.status() == 503) {
      ctx.response().putHeader("Retry-After", "5");
    }
    send(ctx, r.status(), r.body());
  }

  private static void send(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", FHIR_JSON + "; charset=UTF-8")
        .end(body);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
