package io.vigil.hub.timeliness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.LeafRangeReader;
import io.vigil.events.MmwrWeek;
import io.vigil.ingest.auth.AuthContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/timeliness} (the job's weekly cells, JSON or CSV), {@code GET
 * /api/v1/timeliness/statement} (a signed statement computed from the log) and {@code GET
 * /api/v1/log/leaves} (leaves with inclusion proofs, public: leaves carry no PHI). A principal of
 * role sender sees only its own sender id and its own facilities.
 */
public final class TimelinessEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TimelinessEndpoint.class);
  private static final int DEFAULT_WEEKS = 12;

  private final TimelinessReader reader;
  private final LeafRangeReader leaves;
  private final CheckpointStore checkpoints;
  private final StatementIssuer issuer;
  private final Clock clock;

  public TimelinessEndpoint(
      TimelinessReader reader,
      LeafRangeReader leaves,
      CheckpointStore checkpoints,
      StatementIssuer issuer,
      Clock clock) {
    this.reader = reader;
    this.leaves = leaves;
    this.checkpoints = checkpoints;
    this.issuer = issuer;
    this.clock = clock;
  }

  /** {@code getTimeliness}. */
  public void weekly(RoutingContext ctx) {
    Optional<Long> own = AuthContext.ownSender(ctx);
    Optional<String> sender = Optional.ofNullable(ctx.queryParams().get("sender"));
    if (own.isPresent()) {
      if (sender.isPresent() && !sender.get().equals(own.get().toString())) {
        send(ctx, 403, "FORBIDDEN_SENDER", "a sender sees only its own timeliness");
        return;
      }
      sender = Optional.of(own.get().toString());
    }
    WeekRange range;
    try {
      range = range(ctx);
    } catch (IllegalArgumentException e) {
      send(ctx, 400, "BAD_WEEK", e.getMessage());
      return;
    }
    Optional<String> condition = Optional.ofNullable(ctx.queryParams().get("condition"));
    boolean csv = wantsCsv(ctx);
    Optional<String> who = sender;
    ctx.vertx()
        .executeBlocking(
            () -> reader.weekly(who, condition, range.from().start(), range.to().start()), false)
        .onSuccess(
            rows -> {
              if (csv) {
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8").end(csv(rows));
                return;
              }
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(json(r)));
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("sender", who.orElse(null))
                          .put("condition", condition.orElse(null))
                          .put("from", range.from().toString())
                          .put("to", range.to().toString())
                          .put("rows", items)
                          .encode());
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  /** {@code getTimelinessStatement}: a signed statement as a C2SP note ({@code text/plain}). */
  public void statement(RoutingContext ctx) {
    String sender = ctx.queryParams().get("sender");
    if (sender == null || sender.isEmpty()) {
      send(ctx, 400, "BAD_SENDER", "give sender, the facility id the messages carry");
      return;
    }
    WeekRange range;
    try {
      range =
          WeekRange.parse(
              required(ctx.queryParams().get("from")), required(ctx.queryParams().get("to")));
    } catch (IllegalArgumentException e) {
      send(ctx, 400, "BAD_WEEK", e.getMessage());
      return;
    }
    Optional<Long> own = AuthContext.ownSender(ctx);
    ctx.vertx()
        .executeBlocking(
            () -> {
              if (own.isPresent() && !reader.ownsFacility(own.get(), sender)) {
                return Optional.<String>empty();
              }
              return Optional.of(issuer.issue(sender, range));
            },
            false)
        .onSuccess(
            note -> {
              if (note.isEmpty()) {
                send(ctx, 403, "FORBIDDEN_SENDER", "a sender gets statements of its own only");
                return;
              }
              ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(note.get());
            })
        .onFailure(
            e -> {
              if (e instanceof StatementIssuer.NoCheckpointException) {
                send(ctx, 409, "NO_CHECKPOINT", "the log has no checkpoint yet; retry shortly");
              } else {
                unavailable(ctx, e);
              }
            });
  }

  /** {@code getLogLeaves}: leaves {@code [start, end)} with proofs against a published size. */
  public void logLeaves(RoutingContext ctx) {
    long start;
    long end;
    long treeSize;
    try {
      start = Long.parseLong(required(ctx.queryParams().get("start")));
      end = Long.parseLong(required(ctx.queryParams().get("end")));
      treeSize = Long.parseLong(required(ctx.queryParams().get("treeSize")));
    } catch (IllegalArgumentException e) {
      send(ctx, 400, "BAD_RANGE", "start, end and treeSize are integers");
      return;
    }
    if (start < 0 || end < start || end > treeSize || end - start > LeafRangeReader.MAX_PAGE) {
      send(
          ctx,
          400,
          "BAD_RANGE",
          "need 0 <= start <= end <= treeSize and at most " + LeafRangeReader.MAX_PAGE + " leaves");
      return;
    }
    ctx.vertx()
        .executeBlocking(
            () -> {
              Optional<CheckpointRecord> cp = checkpoints.atSize(treeSize);
              if (cp.isEmpty()) {
                return Optional.<JsonObject>empty();
              }
              JsonArray items = new JsonArray();
              for (LeafRangeReader.IndexedLeaf l : leaves.leaves(start, end, treeSize, true)) {
                items.add(
                    new JsonObject()
                        .put("index", l.index())
                        .put("leaf", Base64.getEncoder().encodeToString(l.leaf()))
                        .put(
                            "proof",
                            Base64.getEncoder()
                                .encodeToString(l.proof().orElseThrow().hashBytes())));
              }
              return Optional.of(new JsonObject().put("treeSize", treeSize).put("leaves", items));
            },
            false)
        .onSuccess(
            body -> {
              if (body.isEmpty()) {
                send(ctx, 404, "NO_SUCH_CHECKPOINT", "no checkpoint was published at treeSize");
                return;
              }
              ctx.response().putHeader("Content-Type", "application/json").end(body.get().encode());
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private WeekRange range(RoutingContext ctx) {
    String from = ctx.queryParams().get("from");
    String to = ctx.queryParams().get("to");
    MmwrWeek last = to == null ? MmwrWeek.of(LocalDate.now(clock)) : WeekRange.week(to);
    MmwrWeek first =
        from == null
            ? MmwrWeek.of(last.start().minusWeeks(DEFAULT_WEEKS - 1L))
            : WeekRange.week(from);
    return new WeekRange(first, last);
  }

  private static String required(String value) {
    if (value == null) {
      throw new IllegalArgumentException("a required parameter is missing");
    }
    return value;
  }

  private static boolean wantsCsv(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      return format.equalsIgnoreCase("csv");
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv");
  }

  private static JsonObject json(Map<String, Object> row) {
    JsonObject o = new JsonObject();
    row.forEach((k, v) -> o.put(camel(k), v));
    return o;
  }

  private static String csv(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder(String.join(",", TimelinessReader.COLUMNS)).append('\n');
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String col : TimelinessReader.COLUMNS) {
        Object v = row.get(col);
        cells.add(v == null ? "" : csvCell(v.toString()));
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? '"' + s.replace("\"", "\"\"") + '"'
        : s;
  }

  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn(
        "timeliness query failed [path: {}, error: {}]",
        ctx.normalizedPath(),
        e instanceof SQLException s ? s.getSQLState() : e.getClass().getSimpleName());
    ctx.response().putHeader("Retry-After", "5");
    send(ctx, 503, "STORE_UNAVAILABLE", "The store is not reachable");
  }

  private static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
