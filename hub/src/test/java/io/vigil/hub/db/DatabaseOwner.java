package io.vigil.hub.db;

import java.nio.file.Path;

/**
 * A JVM that owns an embedded database until it is killed: a hub in miniature, for tests that
 * {@code kill -9} the owner and look at what it left running.
 */
public final class DatabaseOwner {
  private DatabaseOwner() {}

  public static void main(String[] args) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
    System.out.println("ready " + db.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
