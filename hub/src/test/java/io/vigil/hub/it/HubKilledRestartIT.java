package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.cli.VigilCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops6 #6 as the operator met it: {@code kill -9} of {@code start-dev} left its embedded PostgreSQL
 * and anvil running, and the next {@code start-dev} on the data dir gave up after 10 s. Now the
 * next start stops both leftovers (one WARN each, naming the pid) and comes up.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HubKilledRestartIT {
  @TempDir Path dir;

  @Test
  void aStartDevAfterKillMinusNineStopsWhatTheKilledHubLeftAndStarts() throws Exception {
    Path data = dir.resolve("hub");
    String[] args = {"--data-dir", data.toString(), "--mllp-port", "0", "--http-port", "0"};
    HubProcess first = HubProcess.startDev(args);
    first.kill();
    long postgres = pid(data.resolve("postgres").resolve("postmaster.pid"));
    long anvil = pid(data.resolve("anvil.pid"));
    assertThat(alive(postgres)).as("the killed hub's PostgreSQL still runs").isTrue();
    assertThat(alive(anvil)).as("the killed hub's anvil still runs").isTrue();

    try (HubProcess second = HubProcess.startDev(args)) {
      assertThat(alive(postgres)).isFalse();
      assertThat(alive(anvil)).isFalse();
      assertThat(second.lines("an earlier hub on this data dir left running"))
          .anySatisfy(l -> assertThat(l).contains("WARN").contains("pid: " + postgres))
          .anySatisfy(l -> assertThat(l).contains("WARN").contains("pid: " + anvil));

      // A third start on the dir the second one holds is refused at once, naming the holder, and
      // touches nothing of the running hub's.
      Process third =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  VigilCli.class.getName(),
                  "start-dev",
                  "--data-dir",
                  data.toString(),
                  "--mllp-port",
                  "0",
                  "--http-port",
                  "0")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      String err;
      try {
        err = new String(third.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        third.destroyForcibly();
      }
      assertThat(third.exitValue()).isEqualTo(2);
      assertThat(err)
          .contains(
              "vigil start-dev: data dir "
                  + data
                  + " is in use by another hub (pid "
                  + second.pid()
                  + ")")
          .doesNotContain("\tat ");
      assertThat(alive(pid(data.resolve("postgres").resolve("postmaster.pid"))))
          .as("the running hub's PostgreSQL is left alone")
          .isTrue();
      assertThat(alive(pid(data.resolve("anvil.pid"))))
          .as("the running hub's anvil is left alone")
          .isTrue();
    }
  }

  private static long pid(Path file) throws Exception {
    return Long.parseLong(Files.readAllLines(file, StandardCharsets.US_ASCII).get(0).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).equals(Optional.of(true));
  }
}
