package io.vigil.analytics.job;

import static io.vigil.analytics.testing.Events.lab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.analytics.sink.AnalyticsSinks;
import io.vigil.analytics.testing.TestKafka;
import io.vigil.analytics.trends.Cell;
import io.vigil.events.DeidentifiedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops6 #5, the residual case: a task whose cleanup throws kills the MiniCluster's only TaskManager
 * (the JDBC sink did so before {@code RestartableJdbcSink}). The job then says RUNNING forever and
 * waits for slots that never come; the watchdog must see that it stopped checkpointing and start it
 * again from its newest checkpoint, so later events are counted.
 */
class LocalAnalyticsWatchdogIT {
  private static final String TOPIC = "vigil.events.v1";
  private static TestKafka kafka;

  @TempDir static Path checkpoints;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestKafka.start(TOPIC, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  @Test
  void startsTheJobAgainWhenItsTaskManagerDied() throws Exception {
    AnalyticsConfig config =
        AnalyticsConfig.defaults()
            .withKafka(kafka.bootstrap(), TOPIC)
            .withCheckpoints(Duration.ofSeconds(1), checkpoints)
            .withFlushInterval(Duration.ofMillis(200))
            .withIdleTimeout(Duration.ofSeconds(1))
            .withMaxOutOfOrderness(Duration.ofDays(1));
    AnalyticsSinks sinks =
        new AnalyticsSinks(
            new FatalOnCloseSink(),
            new DiscardingSink<>(),
            new DiscardingSink<>(),
            new DiscardingSink<>(),
            new DiscardingSink<>(),
            new DiscardingSink<>());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    AnalyticsJob graph = new AnalyticsJob(new KafkaEventInput(config), sinks, config);
    try (LocalAnalytics job = LocalAnalytics.start(graph, config, Duration.ofSeconds(10))) {
      kafka.send(TOPIC, labs("a", day, 5));
      await().atMost(Duration.ofSeconds(40)).until(() -> FatalOnCloseSink.tests(day) == 5);
      await().atMost(Duration.ofSeconds(10)).until(job::isRunning);
      JobID first = job.client().getJobID();

      FatalOnCloseSink.failing = true;
      kafka.send(TOPIC, labs("b", day, 1));
      await().atMost(Duration.ofSeconds(20)).until(() -> FatalOnCloseSink.failed);
      FatalOnCloseSink.failing = false;
      // The TaskManager is gone; Flink still reports the job RUNNING.
      await().atMost(Duration.ofSeconds(30)).until(() -> !job.isRunning());

      kafka.send(TOPIC, labs("c", day, 2));
      await().atMost(Duration.ofSeconds(60)).until(() -> FatalOnCloseSink.tests(day) == 8);
      assertThat(job.client().getJobID()).isNotEqualTo(first);
      await().atMost(Duration.ofSeconds(20)).until(job::isRunning);
    }
  }

  private static List<DeidentifiedEvent> labs(String prefix, LocalDate day, int n) {
    List<DeidentifiedEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(lab(prefix + "-" + i, "COVID-19", day, "positive").build());
    }
    return events;
  }

  /** Fails the way the JDBC sink did before ops6 #5: write fails, then close() throws again. */
  static final class FatalOnCloseSink implements Sink<Cell> {
    private static final long serialVersionUID = 1L;
    static final Map<Long, Long> TESTS = new ConcurrentHashMap<>();
    static volatile boolean failing;
    static volatile boolean failed;

    static long tests(LocalDate day) {
      return TESTS.getOrDefault(day.toEpochDay(), 0L);
    }

    @Override
    public SinkWriter<Cell> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        private boolean broken;

        @Override
        public void write(Cell cell, Context context) throws IOException {
          if (failing) {
            broken = true;
            failed = true;
            throw new IOException("cannot execute INSERT in a read-only transaction");
          }
          if ("COVID-19".equals(cell.subject)) {
            TESTS.put(cell.periodStart, cell.counts[0]);
          }
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {
          if (broken) {
            throw new RuntimeException("Writing records to JDBC failed.");
          }
        }
      };
    }
  }
}
