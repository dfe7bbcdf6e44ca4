package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The analytics benchmark as an operator runs it, at a size that only proves it measures what it
 * claims: every produced event is counted by the job before the clock stops, every probe becomes
 * visible, and the baseline counts its events; the printed figures are real numbers.
 */
class AnalyticsBenchCommandIT {

  @Test
  void measuresTheJobAndTheBaselineAndPrintsEveryFigure() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(new AnalyticsBenchCommand(out))
            .execute(
                // A backlog the job drains over several of its 500 ms flushes: the command
                // refuses to time a window shorter than MIN_WINDOW_SECONDS.
                "--events", "120000",
                "--warmup", "2000",
                "--probes", "10",
                "--background-rate", "200",
                "--baseline-events", "500");
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed).contains("[baseline] 500 events in");
    Matcher window =
        Pattern.compile(
                "\\[job\\] ([\\d,]+) events in ([\\d.]+) s = ([\\d,]+) events/s .*; ([\\d,]+) of"
                    + " the 120,000 were visible")
            .matcher(printed);
    assertThat(window.find()).as(printed).isTrue();
    long timed = number(window.group(1));
    // Timed events plus those already visible when the clock started are the whole backlog.
    assertThat(timed).isPositive().isEqualTo(120_000 - number(window.group(4)));
    assertThat(Double.parseDouble(window.group(2)))
        .isGreaterThanOrEqualTo(AnalyticsBenchCommand.MIN_WINDOW_SECONDS);
    assertThat(number(window.group(3))).isPositive();
    assertThat(positive(printed, "process CPU ([\\d.]+) µs/event")).as(printed).isPositive();
    Matcher fresh =
        Pattern.compile("freshness: p50 ([\\d,]+) ms, p99 ([\\d,]+) ms, max ([\\d,]+) ms")
            .matcher(printed);
    assertThat(fresh.find()).as(printed).isTrue();
    long p50 = number(fresh.group(1));
    long p99 = number(fresh.group(2));
    long max = number(fresh.group(3));
    // A probe needs at least one flush interval (500 ms timer) to become a row.
    assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(max);
    assertThat(positive(printed, "heap ([\\d,]+) MiB after GC")).as(printed).isPositive();
    assertThat(printed).contains("vigil analytics job (one slot, six tables)");
    assertThat(printed)
        .containsPattern("baseline \\(one upsert per event, daily only\\)\\s+[\\d,]+");
    assertThat(printed).contains("ratio job/baseline:").contains(">= 20,000 events/s");
  }

  private static double positive(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("no match for %s in:%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1).replace(",", ""));
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }
}
