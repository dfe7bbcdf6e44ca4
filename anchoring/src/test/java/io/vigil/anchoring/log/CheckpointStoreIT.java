package io.vigil.anchoring.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.anchoring.timeliness.AnchorTimeline;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which anchored checkpoints a statement's leaf range needs, on a real PostgreSQL. */
class CheckpointStoreIT {
  static EmbeddedPostgres pg;
  static DataSource ds;
  static CheckpointStore store;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    ds = pg.getPostgresDatabase();
    LogSchema.migrate(ds);
    store = new CheckpointStore(ds);
    // Checkpoints at 3, 5, 8, 10, 13, 20; anchored: 5, 10, 20 (8 and 13 were covered by them).
    for (long size : new long[] {3, 5, 8, 10, 13, 20}) {
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO log_checkpoint (tree_size, root_hash, note, created_at)"
                      + " VALUES (?, ?, 'note', now())")) {
        ps.setLong(1, size);
        ps.setBytes(2, new byte[32]);
        ps.executeUpdate();
      }
    }
    for (long size : new long[] {5, 10, 20}) {
      store.markAnchored(
          size, new AnchorInfo(31337, "0xabc", "0xtx" + size, 100 + size, blockTime(size), 21000));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private static Instant blockTime(long size) {
    return Instant.parse("2026-01-06T12:00:00Z").plusSeconds(60 * size);
  }

  private static List<Long> covering(long start, long end) throws Exception {
    return store.anchoredCovering(start, end).stream().map(CheckpointRecord::treeSize).toList();
  }

  @Test
  void anchoredCoveringIsTheFirstAnchoringOfEachLeafInTheRange() throws Exception {
    assertThat(covering(0, 5)).containsExactly(5L);
    assertThat(covering(4, 6)).containsExactly(5L, 10L);
    assertThat(covering(5, 10)).containsExactly(10L);
    assertThat(covering(6, 19)).containsExactly(10L, 20L);
    assertThat(covering(0, 20)).containsExactly(5L, 10L, 20L);
    // Past the newest anchoring: the leaves beyond it are not yet anchored.
    assertThat(covering(19, 25)).containsExactly(20L);
    assertThat(covering(20, 25)).isEmpty();
    assertThat(covering(7, 7)).isEmpty();
    // The same answer as the verifier's selection from the chain's anchored sizes.
    List<Long> sizes = List.of(5L, 10L, 20L);
    for (long start = 0; start < 23; start++) {
      for (long end : new long[] {start + 1, start + 3, 22}) {
        assertThat(covering(start, end))
            .as("[%d, %d)", start, end)
            .isEqualTo(AnchorTimeline.firstCovering(sizes, start, end));
      }
    }
    // Each with the block time recorded when it was anchored.
    assertThat(store.anchoredCovering(6, 19).get(1).anchor().orElseThrow().blockTime())
        .isEqualTo(blockTime(20));
  }
}
