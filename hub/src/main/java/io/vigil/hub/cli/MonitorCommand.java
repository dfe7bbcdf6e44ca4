package io.vigil.hub.cli;

import io.vigil.hub.monitor.AnchorChainRoots;
import io.vigil.hub.monitor.HttpHubLogSource;
import io.vigil.hub.monitor.LogMonitor;
import io.vigil.hub.monitor.MonitorState;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil monitor}: an auditor's independent watcher of a hub's submission log. Follows the
 * signed checkpoints, checks consistency proofs between them and their roots against the chain, and
 * reports any fork or rewrite (see {@link LogMonitor}).
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description =
        "Follow a hub's signed checkpoints: verify signatures, consistency proofs and on-chain"
            + " roots; report forks and rewrites. Exit 0 ok, 1 problem detected (--once), 2 usage.")
public final class MonitorCommand implements Callable<Integer> {
  @Option(names = "--hub", required = true, description = "the hub's base URL, e.g. http://…:8080")
  String hub;

  @Option(names = "--rpc", description = "Ethereum JSON-RPC URL; without it the chain is not read")
  String rpc;

  @Option(
      names = "--contract",
      description = "Anchor contract address (default: the one the hub's checkpoints name)")
  String contract;

  @Option(
      names = "--log-key",
      description = "the log's verifier key, pinned (default: trust the hub's on first use)")
  String logKey;

  @Option(names = "--origin", description = "the log's origin (default: the first checkpoint's)")
  String origin;

  @Option(
      names = "--interval",
      defaultValue = "10",
      description = "seconds between polls (default: ${DEFAULT-VALUE})")
  long intervalSeconds;

  @Option(names = "--once", description = "poll once and exit: 0 all verified, 1 problem found")
  boolean once;

  @Option(
      names = "--state",
      description = "file keeping what was verified (pins, last checkpoint) across runs")
  Path stateFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (intervalSeconds < 1) {
      err.println("monitor: --interval must be at least 1 second");
      return 2;
    }
    if (contract != null && rpc == null) {
      err.println("monitor: --contract needs --rpc");
      return 2;
    }
    MonitorState state;
    HttpHubLogSource source;
    try {
      state = stateFile == null ? MonitorState.empty() : MonitorState.load(stateFile);
      source = new HttpHubLogSource(hub);
    } catch (IOException | IllegalArgumentException e) {
      err.println("monitor: " + e.getMessage());
      return 2;
    }
    try (AnchorChainRoots chain = rpc == null ? null : new AnchorChainRoots(rpc)) {
      LogMonitor monitor;
      try {
        monitor =
            new LogMonitor(source, chain, new LogMonitor.Pins(logKey, origin, contract), state);
      } catch (IllegalArgumentException e) {
        err.println("monitor: " + e.getMessage());
        return 2;
      }
      out.println(
          "monitoring "
              + hub
              + (rpc == null ? " (no --rpc: on-chain roots not checked)" : " against " + host(rpc))
              + (state.treeSize() > 0 ? ", continuing from size " + state.treeSize() : ""));
      Set<String> reported = Set.of();
      while (true) {
        LogMonitor.Poll poll = monitor.poll();
        Set<String> now = new LinkedHashSet<>(poll.lines());
        poll.findings().forEach(f -> now.add(f.render()));
        for (String line : now) {
          if (!reported.contains(line)) {
            out.println(line); // a standing state ("up to date", a problem) is said once
          }
        }
        reported = now;
        if (stateFile != null) {
          try {
            monitor.state().save(stateFile);
          } catch (IOException e) {
            err.println("monitor: could not save " + stateFile + ": " + e.getMessage());
          }
        }
        out.flush();
        if (once) {
          return poll.clean() ? 0 : 1;
        }
        try {
          Thread.sleep(Duration.ofSeconds(intervalSeconds).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return poll.clean() ? 0 : 1;
        }
      }
    }
  }

  /** The RPC endpoint without path or credentials (an API key often sits in the path). */
  private static String host(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return "the given --rpc";
    }
  }
}
