package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.mllp.MllpConfig;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection limits and abuse: idle connections are closed, connections over the maximum are
 * refused, a flood of idle connections costs bounded memory while a normal sender is still served,
 * slow-drip frames follow the idle-timeout rules, a frame that never ends is cut at the cap, and
 * large frames beyond the memory budget are answered "send it again later" while ordinary ones are
 * not.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MllpLimitsIT {
  /** Idle connections in the flood; fewer if the process may not open twice as many files. */
  private static final int FLOOD = 2_000;

  private static final Duration ABUSE_IDLE_TIMEOUT = Duration.ofSeconds(20);
  private static final int ABUSE_MAX_FRAME = 64 * 1024;

  @TempDir Path dir;
  @TempDir static Path abuseDir;
  static VigilHub abuseHub;
  static int flood;

  @BeforeAll
  static void startAbuseHub() throws Exception {
    long maxFiles =
        ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
            ? unix.getMaxFileDescriptorCount()
            : 10_000;
    // Both ends of every connection live in this JVM: two descriptors per connection.
    flood = (int) Math.min(FLOOD, (maxFiles - 1_000) / 2);
    HubConfig base = HubConfig.forDev(abuseDir).withHttpPort(0);
    MllpConfig mllp = limits(ABUSE_IDLE_TIMEOUT, ABUSE_MAX_FRAME, flood + 1, 0);
    abuseHub = VigilHub.start(base.withMllp(mllp));
  }

  @AfterAll
  static void stopAbuseHub() {
    if (abuseHub != null) {
      abuseHub.close();
    }
  }

  @Test
  void closesIdleConnectionsAndRefusesConnectionsOverTheLimit() throws Exception {
    HubConfig base = HubConfig.forDev(dir).withHttpPort(0);
    MllpConfig mllp = limits(Duration.ofSeconds(1), 10 * 1024 * 1024, 3, 0);
    HubConfig config = base.withMllp(mllp);
    try (VigilHub hub = VigilHub.start(config)) {
      try (Socket idle = new Socket("127.0.0.1", hub.mllpPort())) {
        idle.setSoTimeout(10_000);
        long start = System.nanoTime();
        assertThat(idle.getInputStream().read()).as("closed by the hub").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      }

      List<MllpClient> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          MllpClient c = new MllpClient(hub.mllpPort());
          assertThat(MllpClient.ackCode(c.send(TestMessages.elr("88D8888888", "LIM-" + i))))
              .isEqualTo("AA");
          open.add(c);
        }
        try (Socket extra = new Socket("127.0.0.1", hub.mllpPort())) {
          extra.setSoTimeout(5_000);
          InputStream in = extra.getInputStream();
          assertThat(in.read()).as("the fourth connection is closed at once").isEqualTo(-1);
        }
      } finally {
        for (MllpClient c : open) {
          c.close();
        }
      }
      // Once those close, new connections are served again.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                try (MllpClient c = new MllpClient(hub.mllpPort())) {
                  assertThat(MllpClient.ackCode(c.send(TestMessages.elr("88D8888888", "LIM-X"))))
                      .isEqualTo("AA");
                }
              });
    }
  }

  @Test
  void aFloodOfIdleConnectionsCostsBoundedMemoryAndANormalSenderIsStillServed() throws Exception {
    assertThat(flood).as("open files allow a real flood").isGreaterThanOrEqualTo(1_000);
    long heapBefore = usedHeapAfterGc();
    List<Socket> idle = new ArrayList<>(flood);
    try {
      for (int i = 0; i < flood; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", abuseHub.mllpPort()), 5_000);
        s.setSoTimeout(30_000);
        idle.add(s);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> openConnections() >= flood);

      // Right away (the flood must not time out first): the last free slot serves a normal
      // sender, and one more connection is refused.
      try (MllpClient normal = new MllpClient(abuseHub.mllpPort())) {
        String ack = normal.send(TestMessages.elr("77D7777777", "FLOOD-OK"));
        assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");

        try (Socket extra = new Socket("127.0.0.1", abuseHub.mllpPort())) {
          extra.setSoTimeout(5_000);
          long start = System.nanoTime();
          assertThat(extra.getInputStream().read()).as("over the maximum").isEqualTo(-1);
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .as("refused at once, not by the idle timeout")
              .isLessThan(ABUSE_IDLE_TIMEOUT);
        }
      }

      long heapDuring = usedHeapAfterGc();
      long perConnection = (heapDuring - heapBefore) / flood;
      System.out.printf(
          "MLLP flood: %d idle connections, heap %d MiB -> %d MiB (%d bytes per connection)%n",
          flood, heapBefore >> 20, heapDuring >> 20, perConnection);
      // The decoder's 4 KiB buffer plus Vert.x/Netty state; this test's client sockets count too.
      assertThat(heapDuring - heapBefore).isLessThan(64L * 1024 * 1024);

      // The idle timeout closes every one of them.
      for (Socket s : idle) {
        assertThat(s.getInputStream().read()).as("closed by the hub").isEqualTo(-1);
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> openConnections() == 0);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  void aSlowDripFrameIsAckedWhileBytesKeepComingAndClosedWhenTheyStop() throws Exception {
    byte[] frame = TestMessages.frame(TestMessages.elr("77D7777777", "DRIP-1"));
    try (MllpClient drip = new MllpClient(abuseHub.mllpPort())) {
      long start = System.nanoTime();
      // One byte at a time, slow enough that the frame takes longer than the idle timeout, but
      // never idle.
      long pauseMillis = ABUSE_IDLE_TIMEOUT.toMillis() * 5 / 4 / frame.length + 1;
      for (byte b : frame) {
        drip.write(new byte[] {b});
        Thread.sleep(pauseMillis);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(ABUSE_IDLE_TIMEOUT);
      String ack = drip.readAck();
      assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
      assertThat(MllpClient.ackedControlId(ack)).isEqualTo("DRIP-1");
    }

    byte[] stalled = TestMessages.frame(TestMessages.elr("77D7777777", "DRIP-2"));
    try (Socket s = new Socket("127.0.0.1", abuseHub.mllpPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(stalled, 0, stalled.length / 2);
      long start = System.nanoTime();
      // Half a frame, then silence longer than the idle timeout: closed, nothing answered.
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(ABUSE_IDLE_TIMEOUT.minusMillis(500));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(countSubmissions("control_id = 'DRIP-2'")).isZero());
  }

  @Test
  void aFrameThatNeverEndsIsCutAtTheCapWithBoundedMemory() throws Exception {
    try (MllpClient endless = new MllpClient(abuseHub.mllpPort())) {
      String header = "MSH|^~\\&|LAB|77D7777777|HUB|DOH|2025||ORU^R01^ORU_R01|ENDLESS-1|P|2.5.1\r";
      endless.write(("\u000b" + header).getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "OBX|1|ST|x||".concat("z".repeat(8_180)).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 16; i++) { // 128 KiB: over the 64 KiB cap, no FS
        endless.write(chunk);
      }
      // Answered as soon as the cap is crossed, while the frame is still open.
      String ack = endless.readAck();
      assertThat(MllpClient.ackCode(ack)).isEqualTo("AR");
      assertThat(MllpClient.ackedControlId(ack)).isEqualTo("ENDLESS-1");
      assertThat(ack).contains("MESSAGE_TOO_LARGE");

      long heapBefore = usedHeapAfterGc();
      for (int i = 0; i < 4_096; i++) { // another 32 MiB of the same frame
        endless.write(chunk);
      }
      long heapAfter = usedHeapAfterGc();
      System.out.printf(
          "MLLP endless frame: 32 MiB streamed past the cap, heap %d MiB -> %d MiB%n",
          heapBefore >> 20, heapAfter >> 20);
      assertThat(heapAfter - heapBefore).isLessThan(16L * 1024 * 1024);

      // The sender ends it and carries on: one answer for the endless frame, AA for the next.
      endless.write(new byte[] {0x1C, 0x0D});
      String next = endless.send(TestMessages.elr("77D7777777", "AFTER-ENDLESS"));
      assertThat(MllpClient.ackedControlId(next)).isEqualTo("AFTER-ENDLESS");
      assertThat(MllpClient.ackCode(next)).isEqualTo("AA");
    }
    assertThat(countSubmissions("control_id = 'ENDLESS-1'")).isZero();
  }

  @Test
  void aLargeFrameBeyondTheMemoryBudgetIsAnsweredBusyWhileOrdinaryOnesGoOn() throws Exception {
    HubConfig base = HubConfig.forDev(dir).withHttpPort(0);
    MllpConfig mllp = limits(Duration.ofMinutes(1), 1_000_000, 16, 1_000_000);
    try (VigilHub hub = VigilHub.start(base.withMllp(mllp));
        MllpClient holder = new MllpClient(hub.mllpPort());
        MllpClient documents = new MllpClient(hub.mllpPort());
        MllpClient ordinary = new MllpClient(hub.mllpPort())) {
      byte[] held = TestMessages.frame(TestMessages.withDocument("77D7777701", "HOLD-1", 700_000));
      holder.write(Arrays.copyOf(held, held.length - 2)); // all but its FS CR: 700 KB held
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> HubMetrics.sum(hub.httpPort(), "vigil_mllp_buffered_bytes") >= 700_000);

      String busy = TestMessages.withDocument("77D7777701", "BUSY-1", 600_000);
      String refused = documents.send(busy);
      assertThat(MllpClient.ackCode(refused)).isEqualTo("AR");
      assertThat(MllpClient.ackedControlId(refused)).isEqualTo("BUSY-1");
      assertThat(refused).contains("HUB_BUSY").contains("send it again later");
      String small = ordinary.send(TestMessages.elr("77D7777701", "SMALL-1"));
      assertThat(MllpClient.ackCode(small)).isEqualTo("AA");

      holder.write(new byte[] {0x1C, 0x0D});
      assertThat(MllpClient.ackedControlId(holder.readAck())).isEqualTo("HOLD-1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> HubMetrics.sum(hub.httpPort(), "vigil_mllp_buffered_bytes") == 0);
      // The budget given back, the resend is taken: nothing was lost, nothing stored twice.
      String resent = documents.send(busy);
      assertThat(MllpClient.ackCode(resent)).isIn("AA", "AE");
      assertThat(MllpClient.ackedControlId(resent)).isEqualTo("BUSY-1");
      assertThat(countSubmissions(hub, "control_id = 'BUSY-1'")).isEqualTo(1);
      assertThat(countSubmissions(hub, "control_id = 'HOLD-1'")).isEqualTo(1);
      assertThat(HubMetrics.sum(hub.httpPort(), "vigil_ingest_busy_total")).isEqualTo(1);
    }
  }

  /**
   * A plain MLLP listener on a free port with these limits (0 budget: automatic), without a minimum
   * frame rate (MllpSlowFrameIT covers it).
   */
  private static MllpConfig limits(
      Duration idleTimeout, int maxFrameBytes, int maxConnections, long maxBufferedBytes) {
    return new MllpConfig(
        "127.0.0.1",
        0,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        null,
        null,
        null,
        null,
        true,
        0,
        Duration.ZERO);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double openConnections() throws Exception {
    return HubMetrics.sum(abuseHub.httpPort(), "vigil_mllp_connections");
  }

  private static long countSubmissions(String where) throws Exception {
    return countSubmissions(abuseHub, where);
  }

  private static long countSubmissions(VigilHub hub, String where) throws Exception {
    try (Connection c = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM submission WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
