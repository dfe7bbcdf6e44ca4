package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.DevCredentials;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's database lives on a small tmpfs tablespace that fills up under MLLP and HTTP load (a
 * filler file takes the rest of the space), then space is freed. PostgreSQL refuses to extend its
 * files ({@code 53100}); the hub must answer every refused message negatively, report the outage as
 * disk full, go unready, and recover by itself once the space is back. Needs root to mount the
 * tmpfs; skipped elsewhere.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatabaseDiskFullIT {
  private static final String OUTAGE = "database refuses writes";
  private static final String RECOVERY = "database accepts writes again";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private int ready(int httpPort) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Writes {@code file} until the file system is full. */
  private static void fill(Path file) {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // No space left on device: that is the point.
    }
  }

  @Test
  void refusesWhileTheDiskIsFullAndRecoversWhenSpaceIsFreed() throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", volume.toString()),
        "mounting a tmpfs needs root");
    int mllpPort = freePort();
    int httpPort = freePort();
    Path hubDir = dir.resolve("hub");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"));
        Connection adminConnection =
            DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement admin = adminConnection.createStatement()) {
      admin.execute("CREATE TABLESPACE small LOCATION '" + volume + "'");
      admin.execute("CREATE DATABASE vigil TABLESPACE small");
      String url = "jdbc:postgresql://localhost:" + pg.port() + "/vigil";
      Path config = dir.resolve("hub.properties");
      Files.writeString(config, "chain.mode=off\nkafka.mode=off\nanalytics.mode=off\n");
      HubProcess hub =
          HubProcess.startDev(
              List.of("-Dorg.slf4j.simpleLogger.log.io.vigil=info"),
              "--config",
              config.toString(),
              "--data-dir",
              hubDir.toString(),
              "--db-url",
              url,
              "--mllp-port",
              Integer.toString(mllpPort),
              "--http-port",
              Integer.toString(httpPort));
      MixedLoad load =
          new MixedLoad("DF-", (n, id) -> TestMessages.elr("55D5555555", id))
              .mllp(mllpPort, 3)
              .http(
                  "http://127.0.0.1:" + httpPort + "/api/v1/hl7v2",
                  () -> DevCredentials.bearer(hubDir, "sender"),
                  1);
      Path filler = volume.resolve("filler");
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> load.positives() > 100);
        long refusedBefore = load.negatives("mllp") + load.negatives("http");

        fill(filler);
        await().atMost(Duration.ofSeconds(60)).until(() -> !hub.lines(OUTAGE).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> ready(httpPort) == 503);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> load.negatives("mllp") > refusedBefore + 100 && load.negatives("http") > 10);
        long positivesFull = load.positives();
        List<String> outage = hub.lines(OUTAGE);
        System.out.printf(
            "DatabaseDiskFullIT: %d refused, outage lines:%n  %s%n",
            load.negatives("mllp") + load.negatives("http"), String.join("\n  ", outage));
        assertThat(outage.get(0)).contains(" WARN ", "sqlState: 53100", "disk full");
        // Pages with room left may take a few rows after the first refusal; not one line each.
        assertThat(outage).hasSizeLessThan(5);
        DatabaseReadOnlyIT.assertNegativeAnswers(load, positivesFull);

        Files.delete(filler); // the operator frees space
        await().atMost(Duration.ofSeconds(60)).until(() -> load.positives() > positivesFull + 100);
        await().atMost(Duration.ofSeconds(20)).until(() -> ready(httpPort) == 200);
        assertThat(hub.lines(RECOVERY)).isNotEmpty();
        assertThat(hub.lines(RECOVERY).get(hub.lines(RECOVERY).size() - 1))
            .contains(" INFO ", "53100");
      } finally {
        load.close();
        hub.close();
        hub.saveOutput("DatabaseDiskFullIT");
        Files.deleteIfExists(filler);
      }
      DatabaseReadOnlyIT.assertStoredOnceWithoutGaps(url, pg, load.acknowledged(), null, null);
    } finally {
      run("umount", volume.toString());
    }
  }
}
