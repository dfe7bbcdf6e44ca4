package io.vigil.hub.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Configuration values from, in rising precedence: a properties file, the environment ({@code
 * mllp.max-frame-bytes} ↔ {@code VIGIL_MLLP_MAX_FRAME_BYTES}), and command-line flags. Defaults
 * live in the typed config records, not here. An unknown key is refused wherever it comes from: a
 * mistyped variable ({@code VIGIL_MLLP_PROT}) once passed silently while the same typo in the file
 * was refused (ops6 #12).
 */
public final class ConfigSources {
  /**
   * {@code VIGIL_} variables that are not configuration keys: the launcher's JVM options, the
   * anchoring tools' directory, the Flink job's database password, and the compose file's {@code
   * .env} entries, which an operator may have exported in the shell that runs {@code vigil}.
   */
  public static final Set<String> OTHER_VARIABLES =
      Set.of(
          "VIGIL_JAVA_OPTS",
          "VIGIL_TOOLS_DIR",
          "VIGIL_ANALYTICS_JDBC_PASSWORD",
          "VIGIL_GRAFANA_DB_PASSWORD",
          "VIGIL_KAFKA_CLUSTER_ID",
          "VIGIL_DEPLOYER_KEY",
          "VIGIL_ANCHORING_ADDRESS");

  /**
   * The variables Kubernetes sets for a Service named {@code vigil…} (service links): {@code
   * VIGIL_SERVICE_HOST}, {@code VIGIL_HUB_SERVICE_PORT_MLLP}, {@code VIGIL_PORT_2575_TCP_ADDR}, …
   * The bare {@code …_PORT} one only with its {@code tcp://} value: a mistyped key ending in {@code
   * _PORT} is still refused.
   */
  private static final Pattern SERVICE_LINK =
      Pattern.compile(
          "VIGIL(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?"
              + "|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");

  private static final Pattern SERVICE_LINK_PORT = Pattern.compile("(tcp|udp|sctp)://.+");

  private final Map<String, String> values;

  /** The variable each key's value came from, when the environment gave it. */
  private final Map<String, String> fromEnvironment;

  private ConfigSources(Map<String, String> values, Map<String, String> fromEnvironment) {
    this.values = Map.copyOf(values);
    this.fromEnvironment = Map.copyOf(fromEnvironment);
  }

  /**
   * Merges the sources.
   *
   * @param file a properties file, or null
   * @param env the environment (normally {@link System#getenv()})
   * @param cli values given on the command line, by config key
   * @throws IllegalArgumentException on a key in the file, or a {@code VIGIL_} variable, that is
   *     not a configuration key (naming the key it was probably meant to be)
   */
  public static ConfigSources load(Path file, Map<String, String> env, Map<String, String> cli)
      throws IOException {
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      requireReadable(file);
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "config file "
                + file.toAbsolutePath()
                + " cannot be read: "
                + (e instanceof CharacterCodingException ? "it is not UTF-8 text" : e.toString()),
            e);
      }
      props.stringPropertyNames().forEach(k -> merged.put(k.trim(), props.getProperty(k).trim()));
    }
    for (String key : merged.keySet()) {
      if (!ConfigKeys.ALL.contains(key)) {
        throw new IllegalArgumentException(
            "unknown configuration key '"
                + key
                + "'"
                + closest(key, ConfigKeys.ALL).map(k -> " (did you mean '" + k + "'?)").orElse("")
                + " (known: "
                + ConfigKeys.ALL
                + ")");
      }
    }
    List<String> unknown = unknownVariables(env);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown environment "
              + (unknown.size() == 1 ? "variable " : "variables ")
              + String.join(", ", unknown)
              + (unknown.size() == 1 ? ": not a configuration key" : ": not configuration keys")
              + " (docs/configuration.md)");
    }
    Map<String, String> fromEnvironment = new HashMap<>();
    for (String key : ConfigKeys.ALL) {
      String v = env.get(envName(key));
      if (v != null && !v.isBlank()) {
        merged.put(key, v.trim());
        fromEnvironment.put(key, envName(key));
      }
    }
    cli.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
            fromEnvironment.remove(k);
          }
        });
    for (String key : merged.keySet()) {
      if (!ConfigKeys.ALL.contains(key)) {
        throw new IllegalArgumentException(
            "unknown configuration key '" + key + "' (known: " + ConfigKeys.ALL + ")");
      }
    }
    return new ConfigSources(merged, fromEnvironment);
  }

  /**
   * The {@code VIGIL_} variables of {@code env} that name no key, each with the variable it was
   * probably meant to be, sorted.
   */
  static List<String> unknownVariables(Map<String, String> env) {
    Set<String> known = new TreeSet<>();
    ConfigKeys.ALL.forEach(k -> known.add(envName(k)));
    List<String> unknown = new ArrayList<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("VIGIL_")
              && !known.contains(name)
              && !OTHER_VARIABLES.contains(name)
              && !SERVICE_LINK.matcher(name).matches()
              && !(name.endsWith("_PORT")
                  && value != null
                  && SERVICE_LINK_PORT.matcher(value).matches())) {
            unknown.add(
                name + closest(name, known).map(v -> " (did you mean " + v + "?)").orElse(""));
          }
        });
    unknown.sort(null);
    return unknown;
  }

  /**
   * The candidate {@code name} was most likely meant to be: a few letters typed wrong, left out,
   * added or swapped; empty when none is that close.
   */
  static Optional<String> closest(String name, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(candidates)) {
      int d = distance(name, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    // Within 2 edits, 3 for long names: VIGIL_MLLP_PROT, not VIGIL_FOO.
    return bestDistance <= (name.length() > 20 ? 3 : 2) ? Optional.of(best) : Optional.empty();
  }

  /** Edits between two strings, a swap of neighbours counting one (optimal string alignment). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * {@code e} saying which environment variable set the keys its message names, so the operator
   * knows where the bad value came from; {@code e} itself when none did.
   */
  public IllegalArgumentException namingTheEnvironment(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    List<String> variables = new ArrayList<>();
    new TreeMap<>(fromEnvironment)
        .forEach(
            (key, variable) -> {
              if (mentions(message, key)) {
                variables.add(variable);
              }
            });
    if (variables.isEmpty()) {
      return e;
    }
    return new IllegalArgumentException(
        message + " (set by " + String.join(", ", variables) + " in the environment)", e);
  }

  /** Whether a message names {@code key}, not a longer key it starts ({@code rate-limit.burst}). */
  private static boolean mentions(String message, String key) {
    return Pattern.compile("(?<![A-Za-z0-9.-])" + Pattern.quote(key) + "(?![A-Za-z0-9-]|\\.[a-z])")
        .matcher(message)
        .find();
  }

  /** A missing or unreadable {@code --config} is a setting the operator got wrong: one line. */
  private static void requireReadable(Path file) {
    Path shown = file.toAbsolutePath();
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("config file not found: " + shown);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file is not a regular file: " + shown);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("config file is not readable by this user: " + shown);
    }
  }

  /** The environment variable for a key: {@code VIGIL_} + upper case, dots and dashes → '_'. */
  public static String envName(String key) {
    return "VIGIL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public int getInt(String key, int fallback) {
    long v = getLong(key, fallback);
    if (v != (int) v) {
      throw new IllegalArgumentException(
          "configuration '" + key + "' must be at most " + Integer.MAX_VALUE + ", got " + v);
    }
    return (int) v;
  }

  public long getLong(String key, long fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration '" + key + "' must be a whole number, got '" + v + "'", e);
    }
  }

  public boolean getBoolean(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "configuration '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  public Path getPath(String key, Path fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : Path.of(v);
  }
}
