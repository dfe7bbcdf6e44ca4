package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.mllp.MllpConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large frame must keep a minimum rate to keep its share of the memory budget for large messages:
 * a red-team review sent most of a document over each of ~56 connections and then one byte every 5
 * s, which reset the idle clock and held the budget for as long as it liked, and every other
 * sender's large message was answered {@code HUB_BUSY}. Here the budget holds one document, frames
 * may take 1 s plus their bytes at 256 KiB/s, and the idle timeout (60 s) is far beyond the test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MllpSlowFrameIT {
  private static final int BUDGET = 1_000_000;
  private static final int MIN_RATE = 256 * 1024;
  private static final Duration GRACE = Duration.ofSeconds(1);

  /** The grace plus the held frame at the minimum rate (~3.7 s), with room for a loaded machine. */
  private static final Duration CUT_WITHIN = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static VigilHub hub;

  @BeforeAll
  static void start() throws Exception {
    MllpConfig mllp =
        new MllpConfig(
                "127.0.0.1",
                0,
                Duration.ofSeconds(60),
                BUDGET,
                16,
                BUDGET,
                null,
                null,
                null,
                null,
                true,
                0,
                Duration.ZERO)
            .withMinFrameRate(MIN_RATE, GRACE);
    hub = VigilHub.start(HubConfig.forDev(dir).withHttpPort(0).withMllp(mllp));
    assertThat(slowFrames()).as("exported from the start").isZero();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aFrameDrippedAfterItsBulkIsCutAndAnotherSendersLargeMessageIsTaken() throws Exception {
    double slowBefore = slowFrames();
    try (Socket slow = new Socket("127.0.0.1", hub.mllpPort());
        MllpClient documents = new MllpClient(hub.mllpPort())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write(heldFrame("SLOW-1")); // all of a 700 KB document but its end
      awaitBuffered(700_000);

      // Then one byte every 200 ms: never idle, far below the rate.
      long start = System.nanoTime();
      while (bufferedBytes() > 0 && elapsed(start).compareTo(CUT_WITHIN) < 0) {
        try {
          out.write('z');
          out.flush();
        } catch (IOException closed) {
          break;
        }
        Thread.sleep(200);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> bufferedBytes() == 0);
      assertThat(elapsed(start)).as("the budget given back in time").isLessThan(CUT_WITHIN);
      assertThat(closedByHub(slow)).isTrue();

      String large = TestMessages.withDocument("77D7777702", "LARGE-1", 600_000);
      String ack = documents.send(large);
      assertThat(MllpClient.ackedControlId(ack)).isEqualTo("LARGE-1");
      assertThat(MllpClient.ackCode(ack)).as(ack).isEqualTo("AA");
    }
    assertThat(slowFrames()).isEqualTo(slowBefore + 1);
    assertThat(countSubmissions("control_id = 'SLOW-1'")).as("a partial frame").isZero();
  }

  @Test
  void aFrameThatStallsIsCutLongBeforeTheIdleTimeout() throws Exception {
    double slowBefore = slowFrames();
    try (Socket stalled = new Socket("127.0.0.1", hub.mllpPort())) {
      stalled.setSoTimeout(30_000);
      stalled.getOutputStream().write(heldFrame("STALL-1"));
      awaitBuffered(700_000);
      long start = System.nanoTime();
      // Nothing more is sent: only the connection's timer can see the frame fall behind.
      assertThat(closedByHub(stalled)).isTrue();
      assertThat(elapsed(start)).isLessThan(CUT_WITHIN);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> bufferedBytes() == 0);
    assertThat(slowFrames()).isEqualTo(slowBefore + 1);
  }

  @Test
  void aLargeFrameSentSteadilyAboveTheRateIsTaken() throws Exception {
    double slowBefore = slowFrames();
    byte[] frame = TestMessages.frame(TestMessages.withDocument("77D7777702", "STEADY-1", 900_000));
    try (MllpClient steady = new MllpClient(hub.mllpPort())) {
      long start = System.nanoTime();
      // 30 KB every 40 ms or more: up to 750 KB/s, thrice the minimum, for over a second.
      for (int from = 0; from < frame.length; from += 30_000) {
        steady.write(Arrays.copyOfRange(frame, from, Math.min(frame.length, from + 30_000)));
        Thread.sleep(40);
      }
      assertThat(elapsed(start)).as("slower than the grace").isGreaterThan(GRACE);
      String ack = steady.readAck();
      assertThat(MllpClient.ackedControlId(ack)).isEqualTo("STEADY-1");
      assertThat(MllpClient.ackCode(ack)).as(ack).isEqualTo("AA");
    }
    assertThat(slowFrames()).isEqualTo(slowBefore);
  }

  /** A 700 KB document's frame without its FS CR: it holds its bytes of the budget. */
  private static byte[] heldFrame(String controlId) {
    byte[] frame = TestMessages.frame(TestMessages.withDocument("77D7777702", controlId, 700_000));
    return Arrays.copyOf(frame, frame.length - 2);
  }

  /** The hub closed the connection: end of stream, or a reset once a drip met the closed socket. */
  private static boolean closedByHub(Socket s) throws IOException {
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static void awaitBuffered(long atLeast) {
    await().atMost(Duration.ofSeconds(10)).until(() -> bufferedBytes() >= atLeast);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static double bufferedBytes() throws Exception {
    return HubMetrics.sum(hub.httpPort(), "vigil_mllp_buffered_bytes");
  }

  private static double slowFrames() throws Exception {
    return HubMetrics.sum(hub.httpPort(), "vigil_mllp_slow_frames_total");
  }

  private static long countSubmissions(String where) throws Exception {
    try (Connection c = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM submission WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
