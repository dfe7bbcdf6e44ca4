package io.vigil.ingest.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.hl7v2.RawBatch;
import io.vigil.ingest.intake.BatchIntake;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IntakeResult;
import io.vigil.ingest.store.FindingsJson;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/v1/hl7v2}: one HL7 v2 message or an FHS/BHS batch. Answers with the HL7
 * acknowledgement ({@code x-application/hl7-v2+er7}, the default) or a JSON receipt when the client
 * asks for {@code application/json}.
 *
 * <p>Status codes: 200 stored and accepted (AA/CA); 422 stored with content errors (AE, or a CA
 * carrying them); 400 rejected (AR/CR: unparseable, unsupported type or version, unknown sender);
 * 403 MSH-4 is not one of the authenticated sender's facilities, or that sender is disabled (AR,
 * not stored); 429 over the sending facility's rate limit (resend after {@code Retry-After}; any
 * message of a batch); 503 not stored (resend later; {@code Retry-After} set); 413 body too large;
 * 415 unsupported content type. A batch, or several messages back to back without an envelope
 * ({@link BatchIntake}), answers 200 when every message was stored, 503 when any was not but may be
 * on a resend (resending the batch is safe: stored messages replay their original acknowledgement),
 * and when every unstored one is refused for good, that refusal's status (403): see {@link
 * UnstoredStatus}.
 */
final class Hl7v2Endpoint {
  static final String ER7 = "x-application/hl7-v2+er7";
  // What senders' interface engines put on ER7 in the wild; the body is sniffed for MSH/FHS/BHS
  // either way, so a generic binary type is as good as a precise one.
  private static final Set<String> ACCEPTED_TYPES =
      Set.of(
          ER7,
          "application/hl7-v2",
          "application/hl7-v2+er7",
          "application/edi-hl7",
          "application/x-hl7",
          "text/plain",
          "application/octet-stream");

  /** What {@code curl -d} sends when no content type is given. */
  private static final String FORM = "application/x-www-form-urlencoded";

  private final Hl7v2Intake intake;
  private final BatchIntake batches;

  Hl7v2Endpoint(Hl7v2Intake intake, Clock clock) {
    this.intake = intake;
    this.batches = new BatchIntake(intake, clock);
  }

  void handle(RoutingContext ctx) {
    long receivedNanos = System.nanoTime();
    String contentType = ctx.request().getHeader("Content-Type");
    String mediaType = contentType == null ? null : mediaType(contentType);
    if (mediaType != null && !ACCEPTED_TYPES.contains(mediaType)) {
      ApiReplies.send(
          ctx,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send HL7 v2 ER7 as "
              + ER7
              + " (or application/hl7-v2, text/plain)"
              + (mediaType.equals(FORM)
                  ? "; a form body is what curl -d sends, and it also strips the line ends"
                      + " between segments: send the file with --data-binary and -H"
                      + " 'Content-Type: "
                      + ER7
                      + "'"
                  : ""));
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ApiReplies.send(ctx, 400, "EMPTY_BODY", "The request body holds no HL7 v2 message");
      return;
    }
    byte[] bytes = body.getBytes();
    // An envelope without messages is an empty batch, which HL7 allows (a file due every period
    // with nothing to report): answered with a batch acknowledgement of no messages.
    RawBatch batch = RawBatch.slice(bytes);
    Submitter submitter = AuthContext.find(ctx).map(Submitter::of).orElse(Submitter.UNVERIFIED);
    Context context = ctx.vertx().getOrCreateContext();
    if (BatchIntake.isSeveral(batch)) {
      Future.fromCompletionStage(batches.submit(batch, "http", receivedNanos, submitter), context)
          .onSuccess(r -> respond(ctx, r))
          .onFailure(e -> ApiReplies.send(ctx, 500, "INTERNAL_ERROR", "Processing failed"));
      return;
    }
    // One message: the body as received (a byte-order mark or a leading line end included) is
    // what is stored and hashed, as over MLLP.
    Future.fromCompletionStage(intake.submit(bytes, "http", receivedNanos, submitter), context)
        .onSuccess(r -> respond(ctx, r))
        .onFailure(e -> ApiReplies.send(ctx, 500, "INTERNAL_ERROR", "Processing failed"));
  }

  private void respond(RoutingContext ctx, IntakeResult r) {
    int status = rateLimited(r) ? 429 : statusOf(r);
    retryAfter(ctx, List.of(r));
    // As on the FHIR routes: where the stored submission (its status, findings, hash) can be read.
    if (r.stored() && r.submissionId() != null) {
      ctx.response()
          .putHeader("Location", ApiReplies.submissionLocation(r.submissionId()))
          .putHeader("X-Vigil-Submission-Id", r.submissionId().toString());
    }
    if (r.duplicate()) {
      ctx.response().putHeader("X-Vigil-Duplicate", "true");
    }
    if (AckMediaType.prefersJson(ctx.request().getHeader("Accept"))) {
      send(ctx, status, receipt(r));
    } else {
      send(ctx, status, r.ackText(), r.charset());
    }
  }

  /** Several messages: one batch acknowledgement (JSON: one receipt per message). */
  private void respond(RoutingContext ctx, BatchIntake.Result r) {
    int status = UnstoredStatus.ofBatch(r.messages());
    retryAfter(ctx, r.messages());
    if (AckMediaType.prefersJson(ctx.request().getHeader("Accept"))) {
      JsonArray receipts = new JsonArray();
      r.messages().forEach(m -> receipts.add(receipt(m)));
      JsonObject body = new JsonObject().put("batch", true).put("messages", receipts);
      r.warning().ifPresent(w -> body.put("warning", w));
      send(ctx, status, body);
    } else {
      send(ctx, status, r.ackText(), r.charset());
    }
  }

  private void send(RoutingContext ctx, int status, JsonObject json) {
    headers(ctx, status)
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json.encode());
  }

  private void send(RoutingContext ctx, int status, String ack, Charset charset) {
    headers(ctx, status)
        .setStatusCode(status)
        .putHeader(
            "Content-Type",
            AckMediaType.er7(
                    ctx.request().getHeader("Content-Type"), ctx.request().getHeader("Accept"))
                + "; charset="
                + mimeName(charset))
        .end(Buffer.buffer(ack.getBytes(charset)));
  }

  /**
   * The charset's name in a Content-Type: the JDK's little-endian UTF-16 with a mark is plain
   * {@code UTF-16} there, whose mark gives the byte order (RFC 2781).
   */
  static String mimeName(Charset charset) {
    return charset.equals(Hl7Decoder.UTF_16LE_MARKED) ? "UTF-16" : charset.name();
  }

  /** {@code Retry-After} when messages were rate-limited: the longest of their waits. */
  private static void retryAfter(RoutingContext ctx, List<IntakeResult> results) {
    results.stream()
        .filter(Hl7v2Endpoint::rateLimited)
        .mapToLong(IntakeResult::retryAfterSeconds)
        .max()
        .ifPresent(s -> ctx.response().putHeader("Retry-After", String.valueOf(s)));
  }

  private HttpServerResponse headers(RoutingContext ctx, int status) {
    if (status == 503) {
      ctx.response().putHeader("Retry-After", "5");
    }
    return ctx.response();
  }

  /** Refused by the sender's rate limit: stored for audit, answered 429 (resend later). */
  static boolean rateLimited(IntakeResult r) {
    return r.examination().findings().stream()
        .anyMatch(f -> f.code().equals(Hl7v2Intake.RATE_LIMITED.code()));
  }

  static int statusOf(IntakeResult r) {
    return r.stored()
        ? Hl7v2HttpStatus.ofStored(r.ackCode(), r.examination().disposition())
        : UnstoredStatus.of(r);
  }

  static JsonObject receipt(IntakeResult r) {
    return new JsonObject()
        .put("submissionId", r.submissionId() == null ? null : r.submissionId().toString())
        .put("stored", r.stored())
        .put("duplicate", r.duplicate())
        .put("ackCode", r.ackCode().name())
        .put("controlId", r.examination().controlId())
        .put("messageType", r.examination().messageType())
        .put("findings", FindingsJson.toJson(r.examination().findings()));
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
