package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.cli.VigilCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil start-dev} as its own JVM, as an operator runs it: started with the test's
 * classpath, its combined output kept for inspection, ready once it prints {@code Vigil ready}.
 */
final class HubProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new ArrayList<>();
  private Thread reader;

  private HubProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code vigil start-dev <args>} and waits for its ready line. */
  static HubProcess startDev(String... args) throws Exception {
    return startDev(List.of(), args);
  }

  /**
   * As {@link #startDev(String...)}, with JVM options (e.g. {@code
   * -Dorg.slf4j.simpleLogger.log.io.vigil=info} for the hub's lifecycle lines).
   */
  static HubProcess startDev(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(VigilCli.class.getName());
    command.add("start-dev");
    command.addAll(List.of(args));
    HubProcess hub = new HubProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(
                          hub.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  synchronized (hub.output) {
                    hub.output.add(line);
                  }
                  if (line.contains("Vigil ready")) {
                    ready.countDown();
                  }
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    hub.reader = reader;
    assertThat(ready.await(120, TimeUnit.SECONDS)).as("hub printed Vigil ready").isTrue();
    return hub;
  }

  /** The lines the hub printed so far that contain {@code text}. */
  List<String> lines(String text) {
    synchronized (output) {
      return output.stream().filter(l -> l.contains(text)).toList();
    }
  }

  /** Everything the hub printed so far (standard output and error). */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Keeps what the hub printed in {@code target/it-logs/<name>.log} for a failed run's reader. */
  void saveOutput(String name) {
    try {
      Path logs = Path.of("target", "it-logs");
      java.nio.file.Files.createDirectories(logs);
      java.nio.file.Files.writeString(logs.resolve(name + ".log"), output() + "\n");
    } catch (IOException e) {
      // best effort: the test's own assertions are what matter
    }
  }

  /** The hub's process id. */
  long pid() {
    return process.pid();
  }

  /** The exit status of the ended process. */
  int exitCode() {
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait: the hub's clean shutdown. */
  @Override
  public void close() throws InterruptedException {
    // SIGTERM through the handle: Process.destroy() would also close our end of the output pipe,
    // and what the hub prints while it stops would be lost.
    process.toHandle().destroy();
    process.waitFor(30, TimeUnit.SECONDS);
    // The process has ended; let the reader take what is still in the pipe.
    reader.join(5_000);
  }
}
