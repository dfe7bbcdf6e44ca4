package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import io.vigil.hub.config.ConfigKeys;
import io.vigil.hub.config.ConfigSources;
import io.vigil.hub.config.HubConfigBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code start-dev} and {@code start}; they override file and environment. */
final class HubOptions {
  @Option(names = "--config", description = "Properties file (keys as in docs/configuration.md)")
  Path configFile;

  @Option(names = "--mllp-port", description = "MLLP port (0 picks a free one); default 2575")
  Integer mllpPort;

  @Option(names = "--http-port", description = "HTTP port (0 picks a free one); default 8080")
  Integer httpPort;

  @Option(names = "--data-dir", description = "State for embedded parts; default ./.vigil-dev")
  Path dataDir;

  @Option(names = "--db-url", description = "PostgreSQL JDBC URL; dev mode embeds one if absent")
  String dbUrl;

  HubConfig resolve(HubConfig.Mode mode) throws IOException {
    Map<String, String> cli = new HashMap<>();
    if (mllpPort != null) {
      cli.put(ConfigKeys.MLLP_PORT, mllpPort.toString());
    }
    if (httpPort != null) {
      cli.put(ConfigKeys.HTTP_PORT, httpPort.toString());
    }
    if (dataDir != null) {
      cli.put(ConfigKeys.DATA_DIR, dataDir.toString());
    }
    if (dbUrl != null) {
      cli.put(ConfigKeys.DB_URL, dbUrl);
    }
    return HubConfigBinder.bind(mode, ConfigSources.load(configFile, System.getenv(), cli));
  }
}
