package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.db.EmbeddedDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineMllpReceiverIT {

  @Test
  void commitsOneRowPerMessageAndAcknowledgesAa(@TempDir Path dir) throws Exception {
    ElrMessageFactory factory = new ElrMessageFactory(3, "IT", 32, ZonedDateTime.now());
    // HAPI's default id generator persists to ./id_file; the receiver must not touch it.
    Path idFile = Path.of("id_file");
    FileTime idFileBefore = Files.exists(idFile) ? Files.getLastModifiedTime(idFile) : null;
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"))) {
      try (BaselineMllpReceiver receiver =
          BaselineMllpReceiver.start(db.jdbcUrl(), db.user(), db.password(), 0, 4)) {
        MllpLoadGenerator generator =
            new MllpLoadGenerator(
                new InetSocketAddress("127.0.0.1", receiver.port()),
                8,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));

        MllpLoadGenerator.Result result = generator.run(factory.frames(0, 200), null);

        assertThat(result.messages()).isEqualTo(200);
        assertThat(result.errors()).isZero();
        assertThat(result.nonAa()).isZero();
        assertThat(receiver.committedRows()).isEqualTo(200);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT count(DISTINCT control_id), min(length(message)) FROM "
                            + BaselineMllpReceiver.TABLE)) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(200);
          assertThat(rs.getInt(2)).isGreaterThan(1_000);
        }
      }
      // close() drops its schema, so the hub's migrations later see a clean database.
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM pg_namespace WHERE nspname = 'vigil_bench'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
    assertThat(Files.exists(idFile) ? Files.getLastModifiedTime(idFile) : null)
        .isEqualTo(idFileBefore);
  }
}
