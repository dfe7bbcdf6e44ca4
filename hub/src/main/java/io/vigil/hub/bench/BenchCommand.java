package io.vigil.hub.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil bench}: the benchmarks, one subcommand each. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark.",
    subcommands = {
      MllpBenchCommand.class,
      FhirBenchCommand.class,
      AnalyticsBenchCommand.class,
      AnchoringBenchCommand.class,
      SoakCommand.class,
      LargeMessagesBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Standalone entry point, for running the benchmarks without the {@code vigil} launcher. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
