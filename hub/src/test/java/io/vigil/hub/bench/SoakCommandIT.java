package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The soak as an operator runs it, shortened to 20 s: a real hub on embedded PostgreSQL, paced MLLP
 * plus FHIR traffic, one line per sample and a verdict. The p99 factor is loosened because other
 * builds share this machine; leaks and errors still fail it.
 */
class SoakCommandIT {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "\\[soak] (\\d\\d:\\d\\d)  heap ([\\d,]+) MiB  fds ([\\d,]+)  threads ([\\d,]+)  acks"
              + " ([\\d,]+) \\(non-AA 0, errors 0\\)  p50 [\\d.]+ ms  p99 [\\d.]+ ms  fhir ok"
              + " ([\\d,]+) errors 0");

  @Test
  void runsTheLoadSamplesTheHubAndPrintsAPassingVerdict() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(new SoakCommand(out))
            .execute(
                "--warmup", "10s",
                "--duration", "20s",
                "--sample", "5s",
                "--rate", "60",
                "--connections", "3",
                "--fhir-rate", "4",
                "--p99-factor", "20");
    String printed = bytes.toString(StandardCharsets.UTF_8);
    List<Matcher> samples = printed.lines().map(SAMPLE::matcher).filter(Matcher::matches).toList();
    assertThat(samples).as(printed).hasSize(4);
    for (Matcher m : samples) {
      // Up to 300 ACKs and 20 Bundles an interval; fewer when other builds share the cores.
      assertThat(Long.parseLong(m.group(5).replace(",", ""))).as(printed).isBetween(1L, 330L);
      assertThat(Long.parseLong(m.group(3).replace(",", ""))).isPositive();
      assertThat(Long.parseLong(m.group(6).replace(",", ""))).as(printed).isPositive();
    }
    assertThat(printed).contains("[soak] warm-up 10 s:");
    assertThat(printed)
        .contains("heap after GC", "open file descriptors", "live threads", "p99 ACK latency")
        .contains("SOAK PASS");
    assertThat(exit).as(printed).isZero();
  }

  @Test
  void refusesASampleLongerThanTheRun() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        new CommandLine(new SoakCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
            .execute("--duration", "5s", "--sample", "10s", "--rate", "10");
    assertThat(exit).isEqualTo(2);
  }
}
