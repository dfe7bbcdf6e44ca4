package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil start-dev}: the hub with embedded parts and lenient sender registration. */
@Command(
    name = "start-dev",
    mixinStandardHelpOptions = true,
    description = "Start the hub for development: embedded PostgreSQL, unknown senders registered")
final class StartDevCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(StartDevCommand.class);

  @Mixin HubOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.DEV);
    LOG.warn(
        "DEV MODE: embedded database, plain-text listeners, unknown sending facilities are"
            + " registered automatically. Never use this mode with real patient data.");
    return HubRunner.runUntilStopped(config, spec.commandLine().getOut());
  }
}
