package io.vigil.anchoring.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.checkpoint.CheckpointVerifier;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import io.vigil.anchoring.merkle.InclusionProof;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.anchoring.merkle.ProofVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stored log against the in-memory reference, on a real PostgreSQL. */
class LogSequencerIT {
  static EmbeddedPostgres pg;
  static DataSource ds;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    ds = pg.getPostgresDatabase();
    LogSchema.migrate(ds);
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private static LogLeaf leaf(int i) {
    return new LogLeaf(
        "LAB-" + (i % 3),
        "CTRL-" + i,
        MerkleHash.sha256(("payload " + i).getBytes()),
        Instant.parse("2025-03-10T12:00:00Z").plusSeconds(i),
        i % 7 == 0 ? "AE" : "AA",
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void storedLogMatchesTheReferenceAndItsProofsVerify() throws Exception {
    CheckpointSigner signer = CheckpointSigner.generate("vigil.test/log");
    LogSequencer sequencer = new LogSequencer(ds, signer, "vigil.test/log", Clock.systemUTC());
    CheckpointVerifier verifier = new CheckpointVerifier(signer.verifierKey(), "vigil.test/log");
    InMemoryMerkleLog reference = new InMemoryMerkleLog();
    ReceiptService receipts = new ReceiptService(ds);
    List<UUID> ids = new ArrayList<>();
    List<Long> published = new ArrayList<>();
    Random random = new Random(7);
    int total = 0;
    for (int round = 0; round < 12; round++) {
      int batch = 1 + random.nextInt(round % 3 == 0 ? 200 : 9);
      List<LogEntry> entries = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        LogLeaf leaf = leaf(total++);
        entries.add(new LogEntry(id, leaf));
        reference.append(leaf.encode());
      }
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        long first = LogAppender.append(c, entries);
        c.commit();
        assertThat(first).isEqualTo(total - batch);
      }
      CheckpointRecord cp = sequencer.publishIfGrown().orElseThrow();
      assertThat(cp.treeSize()).isEqualTo(total);
      assertThat(cp.rootHash()).isEqualTo(reference.root(total));
      Checkpoint verified = verifier.verify(cp.note());
      assertThat(verified.size()).isEqualTo(total);
      assertThat(verified.rootHash()).isEqualTo(cp.rootHash());
      published.add((long) total);
    }
    assertThat(sequencer.publishIfGrown()).as("nothing new").isEmpty();

    // Inclusion: every receipt verifies against its checkpoint's root.
    for (int i = 0; i < ids.size(); i += 1 + i / 10) {
      Receipt r = receipts.forSubmission(ids.get(i)).orElseThrow();
      assertThat(r.leafIndex()).isEqualTo(i);
      CheckpointRecord cp = r.checkpoint().orElseThrow();
      InclusionProof proof = r.proof().orElseThrow();
      ProofVerifier.verifyInclusion(proof, LogLeaf.decode(r.leaf()).leafHash(), cp.rootHash());
      assertThat(proof).isEqualTo(reference.inclusionProof(i, cp.treeSize()));
    }

    // Consistency between every pair of published sizes.
    for (int a = 0; a < published.size(); a++) {
      for (int b = a + 1; b < published.size(); b++) {
        long oldSize = published.get(a);
        long newSize = published.get(b);
        ConsistencyProof p = receipts.consistency(oldSize, newSize);
        Hash oldRoot = reference.root(oldSize);
        Hash newRoot = reference.root(newSize);
        ProofVerifier.verifyConsistency(p, oldRoot, newRoot);
      }
    }
    sequencer.close();
  }

  @Test
  void onlyOneSequencerLeadsAtATime() throws Exception {
    CheckpointSigner signer = CheckpointSigner.generate("vigil.test/log");
    try (LogSequencer a = new LogSequencer(ds, signer, "o", Clock.systemUTC());
        LogSequencer b = new LogSequencer(ds, signer, "o", Clock.systemUTC())) {
      assertThat(a.lead()).isTrue();
      assertThat(b.lead()).isFalse();
      a.close();
      assertThat(b.lead()).as("takes over once the leader is gone").isTrue();
    }
  }
}
