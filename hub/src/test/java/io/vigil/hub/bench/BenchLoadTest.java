package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchLoadTest {
  private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-11-22T12:00:00-05:00");

  private final AckingMllpServer server = new AckingMllpServer();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  // Control ids "AA-<sequence>": the server answers AA.
  private final ElrMessageFactory factory = new ElrMessageFactory(7, "AA", 16, NOW);

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void withoutASettleLimitMeasuresRightAfterTheWarmUp() throws Exception {
    InetSocketAddress address = server.start(false, Integer.MAX_VALUE);

    MllpLoadGenerator.Result r =
        new BenchLoad(out, 4, 300, 200, Duration.ofSeconds(10)).run("t", address, factory, 1_000);

    assertThat(r.messages()).isEqualTo(300);
    assertThat(r.nonAa()).isZero();
    assertThat(server.controlIds()).hasSize(500);
    assertThat(printed()).doesNotContain("JIT compiling %").contains("JIT compiling:");
  }

  @Test
  void settlingSendsFurtherWarmUpRoundsWithControlIdsOfTheirOwn() throws Exception {
    InetSocketAddress address = server.start(false, Integer.MAX_VALUE);

    // A limit that has passed after the first round: exactly one round, settled or not.
    MllpLoadGenerator.Result r =
        new BenchLoad(out, 4, 300, 200, Duration.ofSeconds(10), Duration.ofNanos(1))
            .run("t", address, factory, 1_000);

    assertThat(r.messages()).isEqualTo(300);
    assertThat(r.errors()).isZero();
    // Warm-up, one round of 5,000, measured: none of them shares a control id with another.
    assertThat(server.controlIds()).hasSize(200 + 5_000 + 300);
    assertThat(server.controlIds()).contains(factory.controlId(1_000 + 200 + 300));
    assertThat(printed())
        .containsPattern("\\[t warm-up\\] JIT compiling \\d+% of a core over 5,000 more msgs")
        .containsPattern("settled|not settled, measuring anyway");
    assertThat(printed().indexOf("more msgs")).isLessThan(printed().indexOf("measuring: 300"));
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
