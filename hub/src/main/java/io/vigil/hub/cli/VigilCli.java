package io.vigil.hub.cli;

import io.vigil.hub.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line: the composition root's entry point. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "vigil 0.1.0",
    description = "Vigil: public health surveillance reporting hub",
    subcommands = {
      StartDevCommand.class,
      StartCommand.class,
      SenderCommand.class,
      PrincipalCommand.class,
      LogKeyCommand.class,
      VerifyCommand.class,
      TimelinessStatementCommand.class,
      TimelinessVerifyCommand.class,
      MonitorCommand.class,
      BenchCommand.class,
      DemoFeedCommand.class
    })
public final class VigilCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new VigilCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
