package io.vigil.ingest.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
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
 * <p>The body has been read when this runs: the budget bounds what examining and storing large
 * bodies holds (several times their size), not the reading itself, which {@code
 * http.max-body-bytes} bounds per request.
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

  @Override
  public void handle(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    long reservation = InboundBudget.reservationOf(body == null ? 0 : body.length());
    if (reservation == 0) {
      ctx.next();
      return;
    }
    if (!budget.tryReserve(reservation)) {
      metrics.busy("http");
      LOG.warn(
          "HTTP request body refused, large bodies in flight use the memory budget [path: {},"
              + " bytes: {}, budgetBytes: {}, peer: {}]",
          ctx.normalizedPath(),
          reservation,
          budget.capacity(),
          ctx.request().remoteAddress());
      ctx.fail(STATUS, new Busy());
      return;
    }
    // Called once the response is written, or the connection is gone without one.
    ctx.addEndHandler(v -> budget.release(reservation));
    ctx.next();
  }
}
