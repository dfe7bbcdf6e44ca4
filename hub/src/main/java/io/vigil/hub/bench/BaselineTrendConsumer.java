package io.vigil.hub.bench;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The baseline of {@code vigil bench analytics}: trend counting the usual way, a plain {@link
 * KafkaConsumer} doing one autocommitted {@code INSERT … ON CONFLICT DO UPDATE SET tests = tests +
 * 1} per lab result into a copy of {@code trend_daily}. It maintains that one table only (no weekly
 * trends, doses, episodes, signals or timeliness) and counts a redelivered event twice.
 */
final class BaselineTrendConsumer {
  private static final String UPSERT =
      "INSERT INTO baseline_daily (condition, state_fips, county_fips, zip3, age_band, sex, day,"
          + " tests, positives, new_cases) VALUES (?,?,?,?,?,?,?,1,?,0) ON CONFLICT (condition,"
          + " state_fips, county_fips, zip3, age_band, sex, day) DO UPDATE SET tests ="
          + " baseline_daily.tests + 1, positives = baseline_daily.positives +"
          + " EXCLUDED.positives, updated_at = now()";

  /**
   * @param events lab results counted
   * @param seconds from the first polled record to the last upsert
   * @param cpuNanos process CPU in that time (PostgreSQL's server processes excluded)
   */
  record Result(long events, double seconds, long cpuNanos) {
    double perSecond() {
      return events / seconds;
    }

    double cpuMicrosPerEvent() {
      return cpuNanos / 1e3 / events;
    }
  }

  private BaselineTrendConsumer() {}

  /** Counts the first {@code count} lab results of {@code topic} from its beginning. */
  static Result run(String bootstrap, String topic, String url, String user, String pw, int count)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, pw);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS baseline_daily (LIKE trend_daily INCLUDING ALL)");
      s.execute("TRUNCATE baseline_daily");
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        Connection c = DriverManager.getConnection(url, user, pw);
        PreparedStatement upsert = c.prepareStatement(UPSERT)) {
      consumer.subscribe(List.of(topic));
      int done = 0;
      long begin = 0;
      long cpuBegin = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (done < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("baseline did not finish in 10 minutes: " + done);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (begin == 0) {
            begin = System.nanoTime();
            cpuBegin = ThreadCpu.processNanos();
          }
          DeidentifiedEvent e = EventCodec.decode(r.value());
          if (!e.isLabResult() || done >= count) {
            continue;
          }
          upsert.setString(1, e.condition());
          upsert.setString(2, e.stateFips());
          upsert.setString(3, e.countyFips());
          upsert.setString(4, e.zip3());
          upsert.setString(5, e.ageBand());
          upsert.setString(6, e.sex());
          upsert.setObject(7, e.eventDate());
          upsert.setInt(8, "positive".equals(e.interpretation()) ? 1 : 0);
          upsert.executeUpdate();
          done++;
        }
      }
      return new Result(
          done, (System.nanoTime() - begin) / 1e9, ThreadCpu.processNanos() - cpuBegin);
    }
  }
}
