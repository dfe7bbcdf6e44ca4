package io.vigil.hub.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Configuration values from, in rising precedence: a properties file, the environment ({@code
 * mllp.max-frame-bytes} ↔ {@code VIGIL_MLLP_MAX_FRAME_BYTES}), and command-line flags. Defaults
 * live in the typed config records, not here.
 */
public final class ConfigSources {
  private final Map<String, String> values;

  private ConfigSources(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Merges the sources.
   *
   * @param file a properties file, or null
   * @param env the environment (normally {@link System#getenv()})
   * @param cli values given on the command line, by config key
   */
  public static ConfigSources load(Path file, Map<String, String> env, Map<String, String> cli)
      throws IOException {
    Map<String, String> merged = new HashMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      }
      props.stringPropertyNames().forEach(k -> merged.put(k.trim(), props.getProperty(k).trim()));
    }
    for (String key : ConfigKeys.ALL) {
      String v = env.get(envName(key));
      if (v != null && !v.isBlank()) {
        merged.put(key, v.trim());
      }
    }
    cli.forEach(
        (k, v) -> {
          if (v != null) {
            merged.put(k, v);
          }
        });
    for (String key : merged.keySet()) {
      if (!ConfigKeys.ALL.contains(key)) {
        throw new IllegalArgumentException(
            "unknown configuration key '" + key + "' (known: " + ConfigKeys.ALL + ")");
      }
    }
    return new ConfigSources(merged);
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
