package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vigil start}: production mode. Refuses to start, before it touches the database, without
 * all that production requires ({@link ProductionRequirements}: an external database, TLS on both
 * listeners, the signing keys, the person-key secret, a Kafka cluster, a chain); unknown senders
 * are refused.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start the hub in production mode (external PostgreSQL, TLS required)")
final class StartCommand implements Callable<Integer> {

  @Mixin HubOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.PRODUCTION);
    List<String> problems = ProductionRequirements.problems(config);
    if (!problems.isEmpty()) {
      spec.commandLine().getErr().println("vigil start refused to start insecurely:");
      problems.forEach(p -> spec.commandLine().getErr().println("  - " + p));
      spec.commandLine().getErr().println("For a laptop, use: ./vigil start-dev");
      return 2;
    }
    return HubRunner.runUntilStopped(config, spec.commandLine().getOut());
  }
}
