package io.vigil.ingest.trends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.events.MmwrWeek;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst API: {@code GET /api/v1/trends}, {@code /api/v1/doses} and {@code /api/v1/signals},
 * as JSON or CSV. Every count passes {@link SmallCellSuppression} first; nothing here reads a
 * submission, only the aggregate tables.
 */
public final class AnalystEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AnalystEndpoint.class);
  private static final List<String> TREND_MEASURES = List.of("tests", "positives", "newCases");
  private static final List<String> DOSE_MEASURES = List.of("doses");

  private final AggregateReader reader;
  private final SmallCellSuppression suppression;
  private final Clock clock;

  public AnalystEndpoint(AggregateReader reader, int k, Clock clock) {
    this.reader = reader;
    this.suppression = new SmallCellSuppression(k);
    this.clock = clock;
  }

  public void trends(RoutingContext ctx) {
    Optional<AggregateQuery> q = parse(ctx, "condition", true);
    q.ifPresent(
        query ->
            answer(
                ctx,
                query,
                () ->
                    new SuppressedAggregates(suppression, TREND_MEASURES, true)
                        .rows(query, AggregateReader.periods(query), reader.trends(query)),
                TREND_MEASURES,
                "condition"));
  }

  public void doses(RoutingContext ctx) {
    Optional<AggregateQuery> q = parse(ctx, "vaccineGroup", false);
    q.ifPresent(
        query -> {
          if (!query.weekly()) {
            send(ctx, 400, "BAD_GRANULARITY", "doses are counted per MMWR week");
            return;
          }
          answer(
              ctx,
              query,
              () ->
                  new SuppressedAggregates(suppression, DOSE_MEASURES, false)
                      .rows(query, AggregateReader.periods(query), reader.doses(query)),
              DOSE_MEASURES,
              "vaccineGroup");
        });
  }

  public void signals(RoutingContext ctx) {
    Optional<AggregateQuery> parsed = parse(ctx, "condition", true);
    if (parsed.isEmpty()) {
      return;
    }
    AggregateQuery q = parsed.get();
    ctx.vertx()
        .executeBlocking(() -> reader.signals(q), false)
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              StringBuilder csv =
                  new StringBuilder(
                      "day,state_fips,county_fips,method,observed,expected,sigma,statistic,"
                          + "threshold,alarm,suppressed\n");
              for (AggregateReader.SignalRow r : rows) {
                // A small observed count is withheld, and so is anything it could be computed
                // back from; the alarm itself (observed above threshold) is what analysts need.
                boolean observedHidden = suppression.isSmall(r.observed());
                boolean baselineHidden = suppression.isSmall(Math.round(r.expected() * 7));
                boolean statHidden = observedHidden || baselineHidden;
                JsonObject o =
                    new JsonObject()
                        .put("day", r.day().toString())
                        .put("stateFips", r.stateFips())
                        .put("countyFips", r.countyFips())
                        .put("method", r.method())
                        .put("observed", observedHidden ? null : r.observed())
                        .put("expected", statHidden ? null : r.expected())
                        .put("sigma", statHidden ? null : r.sigma())
                        .put("statistic", statHidden ? null : r.statistic())
                        .put("threshold", r.threshold())
                        .put("alarm", r.alarm());
                items.add(o);
                csv.append(
                    String.join(
                        ",",
                        r.day().toString(),
                        r.stateFips(),
                        r.countyFips(),
                        r.method(),
                        observedHidden ? "" : Long.toString(r.observed()),
                        statHidden ? "" : Double.toString(r.expected()),
                        statHidden ? "" : Double.toString(r.sigma()),
                        statHidden ? "" : Double.toString(r.statistic()),
                        Double.toString(r.threshold()),
                        Boolean.toString(r.alarm()),
                        statHidden ? "true" : "false"));
                csv.append('\n');
              }
              if (q.csv()) {
                sendCsv(ctx, csv.toString());
              } else {
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(header(q, "condition").put("signals", items).encode());
              }
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private Optional<AggregateQuery> parse(RoutingContext ctx, String subject, boolean required) {
    try {
      return Optional.of(
          AggregateQuery.parse(
              ctx.queryParams(),
              subject,
              required,
              ctx.request().getHeader("Accept"),
              LocalDate.now(clock)));
    } catch (AggregateQuery.BadQueryException e) {
      send(ctx, 400, e.code(), e.getMessage());
      return Optional.empty();
    }
  }

  private void answer(
      RoutingContext ctx,
      AggregateQuery q,
      Callable<List<AggregateRow>> rows,
      List<String> measures,
      String subjectName) {
    ctx.vertx()
        .executeBlocking(rows, false)
        .onSuccess(
            result -> {
              if (q.csv()) {
                sendCsv(ctx, csv(q, result, measures));
              } else {
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(json(q, result, measures, subjectName).encode());
              }
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private JsonObject header(AggregateQuery q, String subjectName) {
    return new JsonObject()
        .put(subjectName, q.subject().orElse(null))
        .put("jurisdiction", q.jurisdiction().equals("*") ? "all" : q.jurisdiction())
        .put("from", q.from().toString())
        .put("to", q.to().toString())
        .put("granularity", q.weekly() ? "week" : "day")
        .put("k", suppression.k())
        .put(
            "note",
            "Counts of 1-"
                + (suppression.k() - 1)
                + " and counts that would reveal them are withheld (null).");
  }

  private JsonObject json(
      AggregateQuery q, List<AggregateRow> rows, List<String> measures, String subjectName) {
    JsonArray items = new JsonArray();
    for (AggregateRow r : rows) {
      JsonObject o = new JsonObject().put("period", r.period().toString());
      AggregateReader.week(q, r.period())
          .ifPresent(w -> o.put("mmwrYear", w.year()).put("mmwrWeek", w.week()));
      o.put("ageBand", r.ageBand());
      if (measures.size() > 1) {
        o.put("sex", r.sex());
      }
      for (int i = 0; i < measures.size(); i++) {
        o.put(measures.get(i), r.values()[i]);
      }
      if (measures.equals(TREND_MEASURES)) {
        o.put("positivity", positivity(r));
      }
      o.put("suppressed", new JsonArray(r.suppressed()));
      items.add(o);
    }
    JsonArray breakdown = new JsonArray();
    if (q.byAgeBand()) {
      breakdown.add("age_band");
    }
    if (q.bySex()) {
      breakdown.add("sex");
    }
    return header(q, subjectName).put("breakdown", breakdown).put("rows", items);
  }

  private static Double positivity(AggregateRow r) {
    Long tests = r.values()[0];
    Long positives = r.values()[1];
    if (tests == null || positives == null || tests == 0) {
      return null;
    }
    return Math.round(10000.0 * positives / tests) / 10000.0;
  }

  private static String csv(AggregateQuery q, List<AggregateRow> rows, List<String> measures) {
    boolean trends = measures.equals(TREND_MEASURES);
    StringBuilder b = new StringBuilder("period,mmwr_year,mmwr_week,age_band");
    if (trends) {
      b.append(",sex");
    }
    for (String m : measures) {
      b.append(',').append(snake(m));
    }
    if (trends) {
      b.append(",positivity");
    }
    b.append(",suppressed\n");
    for (AggregateRow r : rows) {
      Optional<MmwrWeek> w = AggregateReader.week(q, r.period());
      b.append(r.period())
          .append(',')
          .append(w.map(x -> Integer.toString(x.year())).orElse(""))
          .append(',')
          .append(w.map(x -> Integer.toString(x.week())).orElse(""))
          .append(',')
          .append(r.ageBand());
      if (trends) {
        b.append(',').append(r.sex());
      }
      for (Long v : r.values()) {
        b.append(',').append(v == null ? "" : v.toString());
      }
      if (trends) {
        Double p = positivity(r);
        b.append(',').append(p == null ? "" : p.toString());
      }
      b.append(',')
          .append(String.join(";", r.suppressed().stream().map(AnalystEndpoint::snake).toList()));
      b.append('\n');
    }
    return b.toString();
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static void sendCsv(RoutingContext ctx, String body) {
    ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8").end(body);
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    LOG.warn(
        "aggregate query failed [path: {}, error: {}]",
        ctx.normalizedPath(),
        e instanceof SQLException s ? s.getSQLState() : e.getClass().getSimpleName());
    ctx.response().putHeader("Retry-After", "5");
    send(ctx, 503, "STORE_UNAVAILABLE", "The aggregate tables are not reachable");
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
