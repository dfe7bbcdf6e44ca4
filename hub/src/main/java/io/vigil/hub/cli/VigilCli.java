package io.vigil.hub.cli;

import io.vigil.hub.StartupRefused;
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
      CheckCommand.class,
      TimelinessStatementCommand.class,
      TimelinessVerifyCommand.class,
      MonitorCommand.class,
      BenchCommand.class,
      DemoFeedCommand.class
    })
public final class VigilCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its error handling: a setting that is missing, malformed or inconsistent
   * (an {@link IllegalArgumentException} from reading the configuration) is one line on standard
   * error and exit status 2, not a stack trace; so is a start-up the operator can fix (a busy port,
   * an unusable or taken data dir: {@link StartupRefused}). Anything else keeps picocli's report.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException || e instanceof StartupRefused) {
            commandLine
                .getErr()
                .println("vigil " + commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
