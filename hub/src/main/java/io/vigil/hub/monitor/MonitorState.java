package io.vigil.hub.monitor;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.merkle.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the monitor has established so far: the pinned log key, origin and contract, the last
 * verified checkpoint (size and root), the roots of the most recent verified checkpoints, and the
 * largest anchored size checked against them. Persisted as a small JSON file so that a restarted
 * monitor continues where it stopped (and so notices a rewrite of anything it already verified).
 */
public final class MonitorState {
  static final int VERSION = 1;

  /** How many verified (size, root) pairs are remembered to detect forks of older checkpoints. */
  static final int REMEMBERED = 256;

  String logKey;
  String origin;
  String contract;
  long treeSize;
  Hash rootHash;
  long chainCheckedSize;
  private final TreeMap<Long, Hash> verified = new TreeMap<>();

  /** A monitor that has verified nothing yet. */
  public static MonitorState empty() {
    return new MonitorState();
  }

  /** The largest verified tree size; 0 before the first. */
  public long treeSize() {
    return treeSize;
  }

  /** The root of {@link #treeSize()}; null before the first verification. */
  public Hash rootHash() {
    return rootHash;
  }

  /** The pinned log verifier key, or null before the first poll. */
  public String logKey() {
    return logKey;
  }

  /** The verified root for {@code size}, if remembered. */
  Hash verifiedRoot(long size) {
    return verified.get(size);
  }

  void advance(long size, Hash root) {
    treeSize = size;
    rootHash = root;
    verified.put(size, root);
    while (verified.size() > REMEMBERED) {
      verified.pollFirstEntry();
    }
  }

  /**
   * Reads a state file; a missing file is an empty state.
   *
   * @throws IOException if the file exists but cannot be read or is not a monitor state
   */
  public static MonitorState load(Path file) throws IOException {
    MonitorState state = new MonitorState();
    if (!Files.exists(file)) {
      return state;
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      if (json.getInteger("version", 0) != VERSION) {
        throw new IOException("unsupported monitor state version in " + file);
      }
      state.logKey = json.getString("logKey");
      state.origin = json.getString("origin");
      state.contract = json.getString("contract");
      state.chainCheckedSize = json.getLong("chainCheckedSize", 0L);
      JsonObject verified = json.getJsonObject("verified", new JsonObject());
      for (Map.Entry<String, Object> e : verified) {
        state.verified.put(Long.parseLong(e.getKey()), Hash.fromHex((String) e.getValue()));
      }
      long size = json.getLong("treeSize", 0L);
      if (size > 0) {
        state.advance(size, Hash.fromHex(json.getString("rootHash")));
      }
      return state;
    } catch (RuntimeException e) {
      throw new IOException("unreadable monitor state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the state atomically (a temporary file, then a rename). */
  public void save(Path file) throws IOException {
    JsonObject verifiedJson = new JsonObject();
    verified.forEach((size, root) -> verifiedJson.put(Long.toString(size), root.hex()));
    JsonObject json =
        new JsonObject()
            .put("version", VERSION)
            .put("logKey", logKey)
            .put("origin", origin)
            .put("contract", contract)
            .put("treeSize", treeSize)
            .put("rootHash", rootHash == null ? null : rootHash.hex())
            .put("chainCheckedSize", chainCheckedSize)
            .put("verified", verifiedJson);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    Files.writeString(tmp, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
