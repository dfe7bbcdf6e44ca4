package io.vigil.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process an earlier dev hub on the same data dir started and left running because the hub was
 * killed ({@code kill -9}, OOM killer) before it could stop it: its embedded PostgreSQL, its anvil.
 * Such a leftover holds the data dir, so the next start would fail.
 *
 * <p>A process counts as ours only when a pid file in the data dir names it <em>and</em> its own
 * command line (or, for PostgreSQL, its working directory) names that data dir: a pid reused by an
 * unrelated process never matches. The caller must hold the data dir ({@link DataDirLock}, or the
 * embedded database's own lock), so the process has no live owner. Reads {@code /proc}: elsewhere
 * nothing is found.
 */
public final class LeftoverProcess {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverProcess.class);
  private static final long TERM_WAIT_SECONDS = 10;

  private final ProcessHandle process;

  private LeftoverProcess(ProcessHandle process) {
    this.process = process;
  }

  /**
   * The live process whose pid is the first line of {@code pidFile} and whose command line has an
   * argument equal to {@code marker} or whose working directory is {@code marker}; empty when the
   * file is absent, its pid is gone, or the process is someone else's.
   */
  public static Optional<LeftoverProcess> find(Path pidFile, Path marker) {
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.isEmpty() || !lines.get(0).strip().matches("\\d{1,10}")) {
        return Optional.empty();
      }
      pid = Long.parseLong(lines.get(0).strip());
    } catch (IOException e) {
      return Optional.empty(); // absent or unreadable: nothing to go on
    }
    if (pid == ProcessHandle.current().pid()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> names(p.pid(), marker))
        .map(LeftoverProcess::new);
  }

  private static boolean names(long pid, Path marker) {
    Path proc = Path.of("/proc", Long.toString(pid));
    Path absolute = marker.toAbsolutePath().normalize();
    try {
      if (Files.isSameFile(proc.resolve("cwd"), absolute)) {
        return true;
      }
    } catch (IOException e) {
      // no /proc, not ours to read, or the marker is a file that does not exist yet
    }
    try {
      byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
      String real = Files.exists(absolute) ? absolute.toRealPath().toString() : null;
      for (String arg : new String(raw, StandardCharsets.UTF_8).split("\0")) {
        if (arg.equals(absolute.toString()) || arg.equals(real)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Stops it with one WARN line: SIGTERM (PostgreSQL shuts down cleanly, anvil writes its state),
   * SIGKILL after {@value #TERM_WAIT_SECONDS} s, and then its children too, so none keeps the data
   * dir busy.
   *
   * @param what what it is, for the log, e.g. {@code embedded PostgreSQL}
   * @param dir the data dir it held
   * @return true once it is gone
   */
  public boolean stop(String what, Path dir) {
    LOG.warn(
        "stopping what an earlier hub on this data dir left running [process: {}, pid: {}, dir: {}]",
        what,
        process.pid(),
        dir.toAbsolutePath());
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    process.destroy();
    boolean gone = waitFor(process, TERM_WAIT_SECONDS);
    if (!gone) {
      process.destroyForcibly();
      gone = waitFor(process, 5);
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
        waitFor(child, 5);
      }
    }
    return gone;
  }

  private static boolean waitFor(ProcessHandle process, long seconds) {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    } catch (Exception e) {
      return !process.isAlive();
    }
  }
}
