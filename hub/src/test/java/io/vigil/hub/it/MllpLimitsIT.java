package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.mllp.MllpConfig;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connection limits: idle connections are closed, connections over the maximum are refused. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MllpLimitsIT {
  @TempDir Path dir;

  @Test
  void closesIdleConnectionsAndRefusesConnectionsOverTheLimit() throws Exception {
    HubConfig base = HubConfig.forDev(dir).withHttpPort(0);
    MllpConfig mllp =
        new MllpConfig("127.0.0.1", 0, Duration.ofSeconds(1), 10 * 1024 * 1024, 3, null, null);
    HubConfig config =
        new HubConfig(
            base.mode(),
            dir,
            mllp,
            base.http(),
            base.store(),
            base.log(),
            base.chain(),
            base.rateLimit());
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
}
