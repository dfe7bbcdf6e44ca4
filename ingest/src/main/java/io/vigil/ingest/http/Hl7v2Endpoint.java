package io.vigil.ingest.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.Hl7Batch;
import io.vigil.ingest.hl7v2.RawBatch;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IntakeResult;
import io.vigil.ingest.intake.SubmissionIds;
import io.vigil.ingest.store.FindingsJson;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/v1/hl7v2}: one HL7 v2 message or an FHS/BHS batch. Answers with the HL7
 * acknowledgement ({@code x-application/hl7-v2+er7}, the default) or a JSON receipt when the client
 * asks for {@code application/json}.
 *
 * <p>Status codes: 200 stored and accepted (AA/CA); 422 stored with content errors (AE); 400
 * rejected (AR/CR: unparseable, unsupported type or version, unknown sender); 403 MSH-4 is not one
 * of the authenticated sender's facilities (AR, not stored); 429 over the sending facility's rate
 * limit (resend after {@code Retry-After}; any message of a batch); 503 not stored (resend later;
 * {@code Retry-After} set); 413 body too large; 415 unsupported content type. A batch answers 200
 * when every message was stored, 503 when any was not (resending the batch is safe: stored messages
 * replay their original acknowledgement).
 */
final class Hl7v2Endpoint {
  static final String ER7 = "x-application/hl7-v2+er7";
  private static final Set<String> ACCEPTED_TYPES =
      Set.of(ER7, "application/hl7-v2", "application/edi-hl7", "text/plain", "application/x-hl7");

  private final Hl7v2Intake intake;
  private final Clock clock;

  Hl7v2Endpoint(Hl7v2Intake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    long receivedNanos = System.nanoTime();
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && !ACCEPTED_TYPES.contains(mediaType(contentType))) {
      ApiReplies.send(
          ctx,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send HL7 v2 ER7 as " + ER7 + " (or application/hl7-v2, text/plain)");
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ApiReplies.send(ctx, 400, "EMPTY_BODY", "The request body holds no HL7 v2 message");
      return;
    }
    RawBatch batch = RawBatch.slice(body.getBytes());
    if (batch.messages().isEmpty()) {
      ApiReplies.send(ctx, 400, "EMPTY_BATCH", "The batch holds no message (no MSH segment)");
      return;
    }
    Submitter submitter = AuthContext.find(ctx).map(Submitter::of).orElse(Submitter.UNVERIFIED);
    Context context = ctx.vertx().getOrCreateContext();
    List<Future<IntakeResult>> results = new ArrayList<>(batch.messages().size());
    for (byte[] message : batch.messages()) {
      results.add(
          Future.fromCompletionStage(
              intake.submit(message, "http", receivedNanos, submitter), context));
    }
    Future.all(results)
        .onSuccess(all -> respond(ctx, batch, all.list()))
        .onFailure(e -> ApiReplies.send(ctx, 500, "INTERNAL_ERROR", "Processing failed"));
  }

  private void respond(RoutingContext ctx, RawBatch batch, List<IntakeResult> results) {
    boolean json = wantsJson(ctx.request().getHeader("Accept"));
    int status;
    if (results.stream().anyMatch(Hl7v2Endpoint::rateLimited)) {
      status = 429;
      ctx.response().putHeader("Retry-After", String.valueOf(intake.retryAfterSeconds()));
    } else if (batch.batch()) {
      status = results.stream().allMatch(IntakeResult::stored) ? 200 : 503;
    } else {
      status = statusOf(results.get(0));
    }
    if (status == 503) {
      ctx.response().putHeader("Retry-After", "5");
    }
    if (json) {
      JsonArray receipts = new JsonArray();
      results.forEach(r -> receipts.add(receipt(r)));
      Object body =
          batch.batch()
              ? new JsonObject().put("batch", true).put("messages", receipts)
              : receipts.getJsonObject(0);
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(body instanceof JsonObject o ? o.encode() : String.valueOf(body));
      return;
    }
    Charset charset = results.get(0).charset();
    String text;
    if (batch.batch()) {
      List<String> acks = results.stream().map(IntakeResult::ackText).toList();
      Hl7Batch.BatchHeader header =
          Hl7Batch.readHeader(batch.fileHeader() + "\r" + batch.batchHeader())
              .orElseThrow(() -> new IllegalStateException("batch without header"));
      text = Hl7Batch.renderAck(header, acks, SubmissionIds.controlId(SubmissionIds.next()), clock);
    } else {
      text = results.get(0).ackText();
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", ER7 + "; charset=" + charset.name())
        .end(Buffer.buffer(text.getBytes(charset)));
  }

  /** Refused by the sender's rate limit: stored for audit, answered 429 (resend later). */
  static boolean rateLimited(IntakeResult r) {
    return r.examination().findings().stream()
        .anyMatch(f -> f.code().equals(Hl7v2Intake.RATE_LIMITED.code()));
  }

  static int statusOf(IntakeResult r) {
    if (!r.stored()) {
      if (r.examination().findings().stream()
          .anyMatch(f -> f.code().equals(Hl7v2Intake.SENDER_MISMATCH))) {
        return 403;
      }
      boolean tooLarge =
          r.examination().findings().stream().anyMatch(f -> f.code().equals("MESSAGE_TOO_LARGE"));
      return tooLarge ? 413 : 503;
    }
    AckCode code = r.ackCode();
    return switch (code) {
      case AA, CA -> 200;
      case AE -> 422;
      case AR, CR -> 400;
      case CE -> 503;
    };
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

  private static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    int json = a.indexOf("application/json");
    int er7 = a.indexOf("hl7-v2");
    return json >= 0 && (er7 < 0 || json < er7);
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
