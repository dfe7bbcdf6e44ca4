package io.vigil.ingest.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks a write outage of the system of record: the database is down, read-only (a standby after
 * failover, {@code default_transaction_read_only}), out of disk, or shutting down. Logs one WARN
 * when writes start failing (named by its SQLState; a lost connection waits {@link #CONFIRM_AFTER}
 * for a better name) and one INFO when they succeed again, with how long it lasted and how many
 * submissions were refused, so an outage under load is two log lines, not one per message.
 * Readiness asks {@link #refusing()}. Thread-safe; the success path is one volatile read.
 */
public final class WriteOutage {
  private static final Logger LOG = LoggerFactory.getLogger(WriteOutage.class);

  /** How long readiness stays DOWN after the last refused write when no write has succeeded. */
  public static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);

  /**
   * How long writes must have been refused with nothing but lost connections before the outage is
   * reported: a connection the server dropped (terminated backend, failover, restart) refuses one
   * group, the pool replaces it, and the next write tells what is really going on.
   */
  public static final Duration CONFIRM_AFTER = Duration.ofSeconds(2);

  /** What a call changed. */
  public enum Transition {
    /** Writes started failing on a lost connection: not reported yet (see CONFIRM_AFTER). */
    BEGAN,
    /** The outage was reported now (the one WARN). */
    REPORTED,
    /** Another refusal within the outage (not logged). */
    CONTINUED,
    /** A write succeeded after an outage: it ended (logged at INFO). */
    ENDED,
    /** A write succeeded and there was no outage. */
    NONE
  }

  private final LongSupplier nanoClock;
  private final long holdNanos;
  private volatile boolean active;
  private long startedNanos;
  private long lastRefusalNanos;
  private long refused;
  private String sqlState;
  private boolean reported;
  private long lastDurationNanos;

  /** Real time, {@link #DEFAULT_HOLD}. */
  public WriteOutage() {
    this(System::nanoTime, DEFAULT_HOLD);
  }

  /**
   * @param nanoClock a monotonic clock in nanoseconds
   * @param hold readiness stays DOWN this long after the last refusal (no traffic, no success: an
   *     instance that a balancer stopped sending to must come back to be tried again)
   */
  public WriteOutage(LongSupplier nanoClock, Duration hold) {
    this.nanoClock = nanoClock;
    this.holdNanos = hold.toNanos();
  }

  /**
   * True when {@code e} says the database cannot take writes at all (as opposed to refusing one
   * row): connection lost or refused (08, or no state, as from a pool timeout), insufficient
   * resources such as a full disk (53), operator intervention or shutdown (57), system or I/O error
   * (58), a read-only transaction (25006).
   */
  public static boolean isOutage(SQLException e) {
    String state = e.getSQLState();
    return state == null
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.startsWith("58")
        || state.equals("25006");
  }

  /** A short name for the condition behind {@code sqlState}, for the log line and the docs. */
  public static String condition(String sqlState) {
    if (sqlState == null) {
      return "no connection";
    }
    return switch (sqlState) {
      case "25006" -> "read-only";
      case "53100" -> "disk full";
      case "53200" -> "out of memory";
      case "53300" -> "too many connections";
      case "57P01", "57P02", "57P03" -> "server shutting down or starting";
      default ->
          sqlState.startsWith("08")
              ? "connection lost"
              : sqlState.startsWith("58") ? "system error" : "unavailable";
    };
  }

  /** True for errors that only say a connection was lost, not why the database refuses. */
  static boolean connectionLost(String sqlState) {
    return sqlState == null || sqlState.startsWith("08") || sqlState.startsWith("57P0");
  }

  /** {@code submissions} were not stored because of {@code e} (an {@link #isOutage} error). */
  public synchronized Transition refused(SQLException e, int submissions) {
    long now = nanoClock.getAsLong();
    lastRefusalNanos = now;
    String state = e.getSQLState();
    if (!active) {
      active = true;
      reported = false;
      startedNanos = now;
      refused = 0;
    }
    refused += submissions;
    if (reported) {
      return Transition.CONTINUED;
    }
    // A lost connection alone does not name the outage; the pool's next connection will.
    sqlState = state;
    if (connectionLost(state) && now - startedNanos < CONFIRM_AFTER.toNanos()) {
      return refused == submissions ? Transition.BEGAN : Transition.CONTINUED;
    }
    reported = true;
    LOG.warn(
        "database refuses writes, submissions are answered as not stored until it recovers"
            + " [sqlState: {}, condition: {}, error: {}]",
        state,
        condition(state),
        e.getMessage());
    return Transition.REPORTED;
  }

  /** A write committed. Ends the outage, if there was one. */
  public Transition stored() {
    if (!active) {
      return Transition.NONE;
    }
    synchronized (this) {
      if (!active) {
        return Transition.NONE;
      }
      active = false;
      lastDurationNanos = nanoClock.getAsLong() - startedNanos;
      LOG.info(
          "database accepts writes again [sqlState: {}, condition: {}, seconds: {}, refused: {},"
              + " reported: {}]",
          sqlState,
          condition(sqlState),
          String.format(Locale.ROOT, "%.1f", lastDurationNanos / 1e9),
          refused,
          reported);
      return Transition.ENDED;
    }
  }

  /** Writes are failing: refused since the last successful write. */
  public boolean active() {
    return active;
  }

  /**
   * For readiness: writes are failing and the last refusal is recent (within the hold). Clears at
   * the first successful write, or once the hold passes without refusals.
   */
  public synchronized boolean refusing() {
    return active && nanoClock.getAsLong() - lastRefusalNanos < holdNanos;
  }

  /** Submissions refused in the current (or last) outage. */
  public synchronized long refusedCount() {
    return refused;
  }

  /** How long the last ended outage lasted (zero before the first one ended). */
  public synchronized Duration lastDuration() {
    return Duration.ofNanos(lastDurationNanos);
  }

  /** True once the current (or last) outage was reported (its WARN logged). */
  public synchronized boolean reported() {
    return reported;
  }

  /**
   * SQLState that names the current (or last) outage: the first refusal that was not a lost
   * connection, else the latest lost connection; null for none.
   */
  public synchronized String sqlState() {
    return sqlState;
  }
}
