package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The FHIR benchmark as an operator runs it, at a size that only proves it measures what it claims:
 * every Bundle it sends to the hub must be answered 200 {@code ok}, or the run exits non-zero.
 */
class FhirBenchCommandIT {

  @Test
  void everyBundleSentToTheHubIsAcceptedAndTheCommandExitsZero() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(new FhirBenchCommand(out))
            .execute("--skip-baseline", "--bundles", "200", "--warmup", "50", "--clients", "4");
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("[vigil] measuring: 200 Bundles").contains("not-ok 0, errors 0");
    assertThat(printed).doesNotContain("first answer that was not ok");
    assertThat(exit).as(printed).isZero();
  }
}
