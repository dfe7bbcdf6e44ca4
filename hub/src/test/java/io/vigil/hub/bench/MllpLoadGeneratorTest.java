package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MllpLoadGeneratorTest {
  private final AckingMllpServer server = new AckingMllpServer();

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void countsAaAndOtherAckCodesAndRecordsLatency() throws Exception {
    InetSocketAddress address = server.start(false, Integer.MAX_VALUE);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      frames.add(frame((i % 5 == 0 ? "AE" : "AA") + "-" + i));
    }

    MllpLoadGenerator.Result r =
        generator(address, 4).run(MllpLoadGenerator.MessageSource.ofFrames(frames), null);

    assertThat(r.messages()).isEqualTo(100);
    assertThat(r.nonAa()).isEqualTo(20);
    assertThat(r.errors()).isZero();
    assertThat(r.p50Ms()).isPositive();
    assertThat(r.p50Ms()).isLessThanOrEqualTo(r.p90Ms());
    assertThat(r.p99Ms()).isLessThanOrEqualTo(r.maxMs());
    assertThat(r.msgsPerSecond()).isPositive();
  }

  @Test
  void reassemblesAnAckSplitAcrossTcpWrites() throws Exception {
    InetSocketAddress address = server.start(true, Integer.MAX_VALUE);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      frames.add(frame("AA-" + i));
    }

    MllpLoadGenerator.Result r =
        generator(address, 3).run(MllpLoadGenerator.MessageSource.ofFrames(frames), null);

    assertThat(r.messages()).isEqualTo(30);
    assertThat(r.nonAa()).isZero();
    assertThat(r.errors()).isZero();
    // The server pauses between the pieces, so every latency includes the pauses.
    assertThat(r.p50Ms()).isGreaterThanOrEqualTo(2.0);
  }

  @Test
  void countsUnacknowledgedMessagesWhenTheServerHangsUp() throws Exception {
    InetSocketAddress address = server.start(false, 5);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      frames.add(frame("AA-" + i));
    }

    MllpLoadGenerator.Result r =
        generator(address, 2).run(MllpLoadGenerator.MessageSource.ofFrames(frames), null);

    // Each of the 2 connections gets 5 ACKs, then the server closes it.
    assertThat(r.messages()).isEqualTo(10);
    assertThat(r.errors()).isEqualTo(30);
  }

  @Test
  void reportsProgress() throws Exception {
    InetSocketAddress address = server.start(true, Integer.MAX_VALUE);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      frames.add(frame("AA-" + i));
    }
    AtomicInteger reports = new AtomicInteger();
    MllpLoadGenerator generator =
        new MllpLoadGenerator(address, 1, Duration.ofSeconds(10), Duration.ofMillis(1));

    generator.run(
        MllpLoadGenerator.MessageSource.ofFrames(frames),
        (acked, total, elapsed) -> {
          assertThat(total).isEqualTo(20);
          reports.incrementAndGet();
        });

    assertThat(reports.get()).isPositive();
  }

  @Test
  void readsMsaOneWithAnyFieldSeparator() {
    byte[] aa = ackFrame("MSH#^~\\&#R#F\rMSA#AA#1\r");
    byte[] ae = ackFrame("MSH|^~\\&|R|F\rMSA|AE|1\r");
    byte[] noMsa = ackFrame("MSH|^~\\&|R|F\r");
    assertThat(MllpLoadGenerator.isAa(aa, aa.length - 2)).isTrue();
    assertThat(MllpLoadGenerator.isAa(ae, ae.length - 2)).isFalse();
    assertThat(MllpLoadGenerator.isAa(noMsa, noMsa.length - 2)).isFalse();
  }

  @Test
  void nearestRankPercentiles() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = (i + 1) * 1_000_000L;
    }
    assertThat(MllpLoadGenerator.percentileMs(sorted, 0.50)).isEqualTo(50.0);
    assertThat(MllpLoadGenerator.percentileMs(sorted, 0.99)).isEqualTo(99.0);
    assertThat(MllpLoadGenerator.percentileMs(new long[0], 0.99)).isZero();
  }

  private static MllpLoadGenerator generator(InetSocketAddress address, int connections) {
    return new MllpLoadGenerator(
        address, connections, Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  private static byte[] frame(String controlId) {
    String msg =
        "MSH|^~\\&|LAB|FAC|VIGIL|DOH|20261122120000||ORU^R01^ORU_R01|"
            + controlId
            + "|P|2.5.1\rPID|1\r";
    return ackFrame(msg);
  }

  static byte[] ackFrame(String text) {
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    byte[] f = new byte[body.length + 3];
    f[0] = 0x0B;
    System.arraycopy(body, 0, f, 1, body.length);
    f[f.length - 2] = 0x1C;
    f[f.length - 1] = 0x0D;
    return f;
  }
}
