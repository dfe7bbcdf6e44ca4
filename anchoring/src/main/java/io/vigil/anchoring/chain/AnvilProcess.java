package io.vigil.anchoring.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local anvil dev chain (Foundry) as a child process, for tests and {@code vigil start-dev}.
 *
 * <p>Finds {@code anvil} on the PATH or under the tools directory, else installs {@code
 * @foundry-rs/anvil@}{@value #VERSION} there with npm. Starts it on a free port ({@code --port 0})
 * unless told otherwise and reads the port from its {@code Listening on <host>:<port>} line.
 * Stopped by {@link #close()} and, failing that, by a shutdown hook. Anvil speaks the same JSON-RPC
 * as Besu, so nothing else changes between dev and production.
 */
public final class AnvilProcess implements AutoCloseable {

  /** The anvil release installed from npm. */
  public static final String VERSION = "1.7.1";

  /** Anvil's default chain id. */
  public static final long CHAIN_ID = 31337;

  /**
   * DEV-ONLY private keys of anvil's ten default accounts (mnemonic {@code test test ... junk},
   * published with Foundry): anyone can spend from them. Never use them on a real network.
   */
  public static final List<String> DEV_ONLY_PRIVATE_KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
          "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
          "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
          "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
          "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  private static final Logger LOG = LoggerFactory.getLogger(AnvilProcess.class);
  private static final Pattern LISTENING =
      Pattern.compile("Listening on ([0-9.]+|\\[[^]]+]):(\\d+)");

  private final Process process;
  private final String host;
  private final int port;
  private final Thread shutdownHook;

  private AnvilProcess(Process process, String host, int port) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.shutdownHook = new Thread(process::destroy, "anvil-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A builder with anvil's defaults: free port, instant mining, fresh state. */
  public static Builder builder() {
    return new Builder();
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
  public String rpcUrl() {
    return "http://" + host + ":" + port;
  }

  /** The port anvil listens on. */
  public int port() {
    return port;
  }

  /** DEV-ONLY key of default account {@code index} (0–9). */
  public String devOnlyPrivateKey(int index) {
    return DEV_ONLY_PRIVATE_KEYS.get(index);
  }

  /** The anvil process's id (a dev hub records it, to find an anvil it left running). */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops anvil (SIGTERM, so {@code --state} is written), killing it after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    LOG.info("anvil stopped [port: {}]", port);
  }

  /**
   * The anvil binary: {@code anvil} on the PATH, else one installed under {@code toolsDir}, else
   * installed there now from npm.
   */
  public static Path locateOrInstall(Path toolsDir) throws IOException {
    Optional<Path> onPath = NpmTools.onPath("anvil");
    if (onPath.isPresent()) {
      return onPath.get();
    }
    Path prefix = NpmTools.install(toolsDir, "@foundry-rs/anvil", VERSION);
    // The binary comes in a per-platform package, e.g. @foundry-rs/anvil-linux-amd64/bin/anvil.
    String name = System.getProperty("os.name").startsWith("Windows") ? "anvil.exe" : "anvil";
    Path binary =
        NpmTools.find(prefix.resolve("node_modules").resolve("@foundry-rs"), name)
            .filter(p -> p.getParent().getFileName().toString().equals("bin"))
            .orElseThrow(
                () ->
                    new IOException(
                        "no anvil binary for this platform in "
                            + prefix
                            + " (os: "
                            + System.getProperty("os.name")
                            + ", arch: "
                            + System.getProperty("os.arch")
                            + ")"));
    if (!Files.isExecutable(binary) && !binary.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + binary + " executable");
    }
    return binary;
  }

  /** Options for one anvil process. */
  public static final class Builder {
    private Path toolsDir = NpmTools.defaultToolsDir();
    private String host = "127.0.0.1";
    private int port;
    private Duration blockTime;
    private boolean noMining;
    private Path stateFile;
    private String hardfork;
    private final List<String> extraArgs = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Where anvil is installed if it is not on the PATH; default {@link
     * NpmTools#defaultToolsDir()}.
     */
    public Builder toolsDir(Path dir) {
      this.toolsDir = dir;
      return this;
    }

    /** Fixed port (e.g. to restart on the same endpoint); default 0, a free port. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Mine a block every interval instead of one per transaction. */
    public Builder blockTime(Duration interval) {
      this.blockTime = interval;
      return this;
    }

    /** Mine only on {@code evm_mine} (or after {@code evm_setAutomine true}). */
    public Builder noMining() {
      this.noMining = true;
      return this;
    }

    /** Load chain state from this file if it exists and write it back on exit ({@code --state}). */
    public Builder stateFile(Path file) {
      this.stateFile = file;
      return this;
    }

    /** EVM hardfork, e.g. {@code shanghai} to match Besu; default anvil's newest. */
    public Builder hardfork(String name) {
      this.hardfork = name;
      return this;
    }

    /** More anvil arguments, e.g. {@code --base-fee 0}. */
    public Builder args(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Installs anvil if needed, starts it and waits until it listens. */
    public AnvilProcess start() throws IOException {
      Path binary = locateOrInstall(toolsDir);
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--host", host));
      command.addAll(List.of("--port", Integer.toString(port)));
      if (blockTime != null) {
        command.addAll(List.of("--block-time", Long.toString(Math.max(1, blockTime.toSeconds()))));
      }
      if (noMining) {
        command.add("--no-mining");
      }
      if (stateFile != null) {
        command.addAll(List.of("--state", stateFile.toString()));
      }
      if (hardfork != null) {
        command.addAll(List.of("--hardfork", hardfork));
      }
      command.addAll(extraArgs);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<Integer> listening = new CompletableFuture<>();
      Thread reader = new Thread(() -> drain(process, listening), "anvil-output");
      reader.setDaemon(true);
      reader.start();
      try {
        int boundPort = listening.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
            "anvil started (DEV chain) [port: {}, version: {}, chain id: {}, binary: {}]",
            boundPort,
            VERSION,
            CHAIN_ID,
            binary);
        return new AnvilProcess(process, host, boundPort);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        throw new IOException("anvil did not start listening: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting anvil", e);
      }
    }

    /** Reads anvil's output to the end; its banner lists dev keys, so nothing goes above TRACE. */
    private static void drain(Process process, CompletableFuture<Integer> listening) {
      List<String> head = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          LOG.trace("[anvil] {}", line);
          if (!listening.isDone()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              listening.complete(Integer.parseInt(m.group(2)));
            } else if (head.size() < 5
                && line.toLowerCase(java.util.Locale.ROOT).contains("error")) {
              head.add(line);
            }
          }
        }
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
      listening.completeExceptionally(
          new IOException("anvil exited before listening" + (head.isEmpty() ? "" : ": " + head)));
    }
  }
}
