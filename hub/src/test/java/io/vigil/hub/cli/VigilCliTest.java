package io.vigil.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
