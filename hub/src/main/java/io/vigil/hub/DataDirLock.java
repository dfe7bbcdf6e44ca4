package io.vigil.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dev hub's hold on its data dir ({@code data.dir}) for as long as it runs: a lock on {@code
 * hub.lock} there, which names the holder's pid. A second hub on the same dir is refused with that
 * pid instead of failing deep inside its embedded PostgreSQL; and while the lock is held, anything
 * an earlier hub on this dir left running (its PostgreSQL, its anvil) has no live owner and may be
 * stopped (see {@link LeftoverProcess}).
 */
public final class DataDirLock implements AutoCloseable {
  static final String FILE = "hub.lock";

  // A second lock on a file this JVM already locks throws, and closing that channel would drop
  // the first one's OS lock (POSIX): the dirs held here are checked before the file is touched.
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dataDir} if absent and locks it.
   *
   * @throws StartupRefused when the dir is a file, cannot be created or written, or another hub
   *     holds it
   */
  public static DataDirLock acquire(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StartupRefused(
          "data dir " + dir + " is not a directory (set data.dir or --data-dir to a directory)");
    }
    Path real;
    try {
      Files.createDirectories(dir);
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new StartupRefused("data dir " + dir + " cannot be created: " + reason(e), e);
    }
    if (!Files.isWritable(real)) {
      throw new StartupRefused("data dir " + dir + " is not writable by this user");
    }
    if (!HELD_HERE.add(real)) {
      throw inUse(dir, Long.toString(ProcessHandle.current().pid()));
    }
    FileChannel channel = null;
    try {
      Path file = real.resolve(FILE);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dir, holder(file));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
      return new DataDirLock(real, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      HELD_HERE.remove(real);
      if (e instanceof StartupRefused refused) {
        throw refused;
      }
      if (e instanceof AccessDeniedException) {
        throw new StartupRefused("data dir " + dir + " is not writable by this user", e);
      }
      throw new StartupRefused("data dir " + dir + " cannot be used: " + reason(e), e);
    }
  }

  private static StartupRefused inUse(Path dir, String pid) {
    return new StartupRefused(
        "data dir "
            + dir
            + " is in use by another hub (pid "
            + pid
            + "); stop that hub or give this one another --data-dir");
  }

  /** The pid the holder wrote, or "unknown" (it may not have written it yet). */
  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d+") ? pid : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The operating system's words ("Not a directory", "Permission denied"), not a class name. */
  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason() + (fs.getFile() == null ? "" : " (" + fs.getFile() + ")");
    }
    return e.toString();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  /** The locked dir, resolved to its real path. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD_HERE.remove(dir);
    }
  }
}
