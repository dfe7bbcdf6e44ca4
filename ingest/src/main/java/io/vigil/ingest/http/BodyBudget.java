package io.vigil.ingest.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vigil.ingest.intake.InboundBudget;
import io.vigil.ingest.intake.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a request body larger than 64 KiB to the HTTP API's {@link InboundBudget} from when it has
 * been read (and inflated) until its response is written, so many large reports at once are
 * answered 503 {@link #CODE} with {@code Retry-After} instead of being examined and stored together
 * until the heap runs out. Smaller bodies pass without touching it.
 *
 * <p>A body that announces its length ({@code Content-Length}) reserves it before it is read
 * ({@link #beforeRead()}): beyond the budget it is answered at once, and a client that asked {@code
 * Expect: 100-continue} never sends it; so many large bodies at once cannot fill the heap while
 * being read either. A body sent in chunks, or one that inflates beyond its announced length,
 * reserves what it holds once read.
 */
public final class BodyBudget implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(BodyBudget.class);

  public static final int STATUS = 503;
  public static final String CODE = "HUB_BUSY";
  public static final String MESSAGE = InboundBudget.BUSY_MESSAGE;

  /** Seconds a refused sender is asked to wait: large bodies in flight take about that long. */
  public static final String RETRY_AFTER_SECONDS = "2";

  private final InboundBudget budget;
  private final IngestMetrics metrics;

  BodyBudget(InboundBudget budget, IngestMetrics metrics) {
    this.budget = budget;
    this.metrics = metrics;
  }

  /** The refusal, told apart from other 503s by the failure handlers. */
  public static final class Busy extends RuntimeException {
    Busy() {
      super(MESSAGE, null, false, false);
    }
  }

  /** Where {@link #beforeRead()} notes what it reserved, for {@link #handle} to top up. */
  private static final String RESERVED = "vigil.body-budget.reserved";

  /**
   * The handler that reserves an announced length before the body is read. It runs before the body
   * reader, as a security policy (Vert.x orders handlers by kind) after authentication.
   */
  public SecurityPolicyHandler beforeRead() {
    return ctx -> {
      long declared = declaredLength(ctx.request());
      long reservation = InboundBudget.reservationOf(declared);
      if (reservation == 0 || reservation > budget.capacity()) {
        // Small, chunked, or larger than any body the hub takes (the reader answers 413).
        ctx.next();
      } else if (reserve(ctx, reservation)) {
        ctx.put(RESERVED, reservation);
        ctx.next();
      } else if (ctx.request().headers().contains(HttpHeaders.EXPECT, "100-continue", true)) {
        // The client waits for "100 Continue" before sending the body: answer now, unread.
        ctx.fail(STATUS, new Busy());
      } else {
        // The body is on its way: let it pass unbuffered, then answer.
        HttpServerRequest request = ctx.request();
        request.handler(ignored -> {});
        request.endHandler(v -> ctx.fail(STATUS, new Busy()));
        request.resume();
      }
    };
  }

  /** Holds what the read (and inflated) body needs beyond what was reserved before reading. */
  @Override
  public void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    long needed = InboundBudget.reservationOf(body == null ? 0 : body.length());
    long more = needed - ctx.<Long>get(RESERVED, 0L);
    if (more <= 0 || reserve(ctx, more)) {
      ctx.next();
    } else {
      ctx.fail(STATUS, new Busy());
    }
  }

  /** Takes {@code bytes} until the response is written, or logs and counts the refusal. */
  private boolean reserve(RoutingContext ctx, long bytes) {
    if (!budget.tryReserve(bytes)) {
      metrics.busy("http");
      LOG.warn(
          "HTTP request body refused, large bodies in flight use the memory budget [path: {},"
              + " bytes: {}, budgetBytes: {}, peer: {}]",
          ctx.normalizedPath(),
          bytes,
          budget.capacity(),
          ctx.request().remoteAddress());
      return false;
    }
    // Called once the response is written, or the connection is gone without one.
    ctx.addEndHandler(v -> budget.release(bytes));
    return true;
  }

  /** The request's {@code Content-Length}, or 0 when it has none (chunked) or it is unreadable. */
  private static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
