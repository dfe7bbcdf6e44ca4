package io.vigil.hub.cli;

import io.vigil.anchoring.checkpoint.CheckpointSigner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil log-key}: creates a checkpoint signing key for production. */
@Command(
    name = "log-key",
    mixinStandardHelpOptions = true,
    description = "Create an Ed25519 checkpoint signing key (store it as a secret: log.signer-key)")
final class LogKeyCommand implements Callable<Integer> {
  @Option(
      names = "--origin",
      required = true,
      description = "the log's origin, e.g. vigil.example.gov/log")
  String origin;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String key = CheckpointSigner.generateSignerKey(origin);
    PrintWriter out = spec.commandLine().getOut();
    out.println("signer key (secret, for VIGIL_LOG_SIGNER_KEY):");
    out.println(key);
    out.println("verifier key (public, give it to auditors):");
    out.println(CheckpointSigner.fromSignerKey(key).verifierKey().render());
    return 0;
  }
}
