package io.vigil.hub;

import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the checkpoint signing key comes from: configuration, or (dev mode) the data directory. */
final class LogSigning {
  private static final Logger LOG = LoggerFactory.getLogger(LogSigning.class);
  static final String DEV_KEY_FILE = "log-signer.key";

  private LogSigning() {}

  static CheckpointSigner signer(HubConfig config) throws IOException, CheckpointException {
    String key = config.log().signerKey();
    if (key == null) {
      if (config.mode() != HubConfig.Mode.DEV) {
        throw new IllegalStateException(
            "production mode needs log.signer-key (VIGIL_LOG_SIGNER_KEY); create one with"
                + " `vigil log-key --origin <origin>`");
      }
      key = devKey(config.dataDir(), config.log().origin());
    }
    CheckpointSigner signer = CheckpointSigner.fromSignerKey(key);
    LOG.info("checkpoint signer ready [verifierKey: {}]", signer.verifierKey().render());
    return signer;
  }

  /** Dev mode keeps one generated key per data directory, so receipts verify across restarts. */
  private static String devKey(Path dataDir, String origin) throws IOException {
    Path file = dataDir.resolve(DEV_KEY_FILE);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    Files.createDirectories(dataDir);
    String key = CheckpointSigner.generateSignerKey(origin);
    Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    LOG.warn("DEV MODE: generated a checkpoint signing key [file: {}]", file);
    return key;
  }
}
