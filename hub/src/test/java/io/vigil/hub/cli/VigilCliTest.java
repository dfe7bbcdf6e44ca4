package io.vigil.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.DataDirLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VigilCliTest {
  @TempDir Path dir;

  @Test
  void aBadSettingIsOneLineOnStandardErrorAndExitStatusTwo() throws Exception {
    Path config = dir.resolve("hub.properties");
    // Inconsistent: the local analytics job reads from Kafka, which is off.
    Files.writeString(config, "chain.mode=off\nkafka.mode=off\n");
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "start-dev", "--config", config.toString(), "--data-dir", dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("vigil start-dev: ")
        .contains("kafka.mode")
        .doesNotContain("\tat ")
        .hasLineCount(1);
    assertThat(dir.resolve("d").resolve("postgres")).as("nothing was started").doesNotExist();
  }

  /** ops6 #11: production's missing settings are all told before anything is started. */
  @Test
  void productionStartListsWhatIsMissingBeforeTouchingAnything() {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("start", "--data-dir", dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("refused to start")
        .contains("deid.person-key-secret (VIGIL_DEID_PERSON_KEY_SECRET) is required")
        .contains("kafka.bootstrap-servers")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("d")).as("nothing was started").doesNotExist();
  }

  @Test
  void aMissingConfigFileIsOneLineAndExitStatusTwo() {
    Path missing = dir.resolve("nope.properties");

    Run dev = run("start-dev", "--config", missing.toString());
    Run prod = run("start", "--config", missing.toString());

    assertThat(dev.exit).isEqualTo(2);
    assertThat(dev.err).isEqualTo("vigil start-dev: config file not found: " + missing);
    assertThat(prod.exit).isEqualTo(2);
    assertThat(prod.err).isEqualTo("vigil start: config file not found: " + missing);
  }

  @Test
  void aConfigFileThatIsADirectoryIsOneLine() {
    Run run = run("start-dev", "--config", dir.toString());

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err).isEqualTo("vigil start-dev: config file is not a regular file: " + dir);
  }

  @Test
  void aBusyMllpPortIsNamedBeforeAnythingStarts() throws Exception {
    Path data = dir.resolve("d");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run =
          run(
              "start-dev",
              "--mllp-port",
              Integer.toString(taken.getLocalPort()),
              "--http-port",
              "0",
              "--data-dir",
              data.toString());

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.err)
          .isEqualTo(
              "vigil start-dev: MLLP port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is already in use (another hub or program listens there);"
                  + " choose another with --mllp-port or mllp.port");
    }
    assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
    assertThat(data.resolve("kafka")).as("nothing was started").doesNotExist();
  }

  @Test
  void aBusyHttpPortIsNamedBeforeAnythingStarts() throws Exception {
    Path data = dir.resolve("d");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run =
          run(
              "start-dev",
              "--mllp-port",
              "0",
              "--http-port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              data.toString());

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.err)
          .startsWith("vigil start-dev: HTTP port " + taken.getLocalPort() + " on 127.0.0.1 is")
          .endsWith("choose another with --http-port or http.port");
    }
    assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
  }

  @Test
  void aDataDirThatIsAFileIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

    Run run =
        run("start-dev", "--mllp-port", "0", "--http-port", "0", "--data-dir", file.toString());

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo(
            "vigil start-dev: data dir "
                + file
                + " is not a directory (set data.dir or --data-dir to a directory)");
  }

  @Test
  void aDataDirUnderAFileIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

    Run run =
        run(
            "start-dev",
            "--mllp-port",
            "0",
            "--http-port",
            "0",
            "--data-dir",
            file.resolve("d").toString());

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err)
        .startsWith("vigil start-dev: data dir " + file.resolve("d") + " cannot be created: ")
        .contains("Not a directory");
  }

  @Test
  void aDataDirAnotherHubHoldsIsNamedWithItsPid() throws Exception {
    Path data = dir.resolve("d");
    try (DataDirLock held = DataDirLock.acquire(data)) {
      Run run =
          run("start-dev", "--mllp-port", "0", "--http-port", "0", "--data-dir", data.toString());

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.err)
          .isEqualTo(
              "vigil start-dev: data dir "
                  + data
                  + " is in use by another hub (pid "
                  + ProcessHandle.current().pid()
                  + "); stop that hub or give this one another --data-dir");
    }
    assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
  }

  private record Run(int exit, String err) {}

  /** Runs the command line; its standard error, which must be one line without a stack trace. */
  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    String text = err.toString().strip();
    assertThat(text).doesNotContain("\tat ").doesNotContain("Exception").hasLineCount(1);
    return new Run(exit, text);
  }
}
