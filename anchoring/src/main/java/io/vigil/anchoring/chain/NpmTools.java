package io.vigil.anchoring.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs pinned npm packages (anvil, solc) into a tools directory, once per version: {@code
 * <tools>/npm/<name>-<version>/node_modules/...}. Installs go to a temporary sibling first and are
 * moved into place atomically, so concurrent test JVMs never see half an install.
 */
public final class NpmTools {

  /** System property naming the tools directory. */
  public static final String TOOLS_DIR_PROPERTY = "vigil.tools.dir";

  /** Environment variable naming the tools directory (the property wins). */
  public static final String TOOLS_DIR_ENV = "VIGIL_TOOLS_DIR";

  private static final Logger LOG = LoggerFactory.getLogger(NpmTools.class);
  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private NpmTools() {}

  /**
   * {@code -Dvigil.tools.dir}, else {@code $VIGIL_TOOLS_DIR}, else {@code ~/.cache/vigil/tools}.
   */
  public static Path defaultToolsDir() {
    String configured = System.getProperty(TOOLS_DIR_PROPERTY, System.getenv(TOOLS_DIR_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "vigil", "tools");
  }

  /**
   * The install prefix of {@code name@version} under {@code toolsDir}, installing it with {@code
   * npm install --ignore-scripts} first if absent. Install scripts are skipped on purpose: npm 11
   * blocks anvil's postinstall, and neither package needs one.
   */
  public static Path install(Path toolsDir, String name, String version) throws IOException {
    Path prefix = toolsDir.resolve("npm").resolve(name.replace('/', '+') + "-" + version);
    if (Files.isDirectory(prefix.resolve("node_modules"))) {
      return prefix;
    }
    Files.createDirectories(prefix.getParent());
    Path staging = Files.createTempDirectory(prefix.getParent(), ".install-");
    String spec = name + "@" + version;
    LOG.info("installing npm package (one-off) [package: {}, into: {}]", spec, prefix);
    long started = System.nanoTime();
    try {
      run(
          List.of(
              executable("npm"),
              "install",
              "--prefix",
              staging.toString(),
              "--ignore-scripts",
              "--no-audit",
              "--no-fund",
              "--no-save",
              "--loglevel=error",
              spec),
          staging);
      try {
        Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        LOG.debug("another process installed it first [package: {}]", spec);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("tools directory does not support atomic moves: " + toolsDir, e);
      }
    } finally {
      deleteRecursively(staging);
    }
    LOG.info(
        "installed npm package [package: {}, took: {} ms]",
        spec,
        (System.nanoTime() - started) / 1_000_000);
    return prefix;
  }

  /** The first file under {@code dir} named {@code fileName}, searching depth-first. */
  static Optional<Path> find(Path dir, String fileName) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p))
          .min(Comparator.comparing(Path::toString));
    }
  }

  /** {@code command} on the PATH, else {@code command} itself (the OS reports it missing). */
  static String executable(String command) {
    return onPath(command).map(Path::toString).orElse(command);
  }

  static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs a command to completion, logging its output at DEBUG; fails on a non-zero exit. */
  static void run(List<String> command, Path workDir) throws IOException {
    run(command, workDir, Map.of());
  }

  /** As {@link #run(List, Path)}, with extra environment variables. */
  static void run(List<String> command, Path workDir, Map<String, String> env) throws IOException {
    Process process;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + " (is Node.js/npm installed?)", e);
    }
    List<String> tail = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        LOG.debug("[{}] {}", command.get(0), line);
        tail.add(line);
        if (tail.size() > 20) {
          tail.remove(0);
        }
      }
    }
    try {
      if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " timed out");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command.subList(0, 2))
              + " failed with exit code "
              + process.exitValue()
              + ": "
              + String.join(" | ", tail));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
