package io.vigil.anchoring.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryMerkleLogTest {

  @Test
  void appendReturnsConsecutiveIndices() {
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    assertThat(log.size()).isZero();
    assertThat(log.append(new byte[] {1})).isZero();
    assertThat(log.appendLeafHash(MerkleHash.leafHash(new byte[] {2}))).isEqualTo(1);
    assertThat(log.size()).isEqualTo(2);
    assertThat(log.leafHash(1)).isEqualTo(MerkleHash.leafHash(new byte[] {2}));
  }

  @Test
  void storesEveryCompletedSubtree() {
    InMemoryMerkleLog log = Rfc6962Vectors.referenceLog();
    assertThat(log.subtree(3, 0)).isEqualTo(Rfc6962Vectors.ROOTS.get(7));
    assertThat(log.subtree(2, 0)).isEqualTo(Rfc6962Vectors.ROOTS.get(3));
    assertThat(log.subtree(1, 0)).isEqualTo(Rfc6962Vectors.ROOTS.get(1));
  }

  @Test
  void pastRootsStayFixedAsTheLogGrows() {
    InMemoryMerkleLog log = Rfc6962Vectors.referenceLog();
    Hash rootAtFive = log.root(5);
    for (int i = 0; i < 100; i++) {
      log.append(new byte[] {(byte) i});
    }
    assertThat(log.root(5)).isEqualTo(rootAtFive).isEqualTo(Rfc6962Vectors.ROOTS.get(4));
  }

  @Test
  void rejectsSizesAndIndicesOutsideTheLog() {
    InMemoryMerkleLog log = Rfc6962Vectors.referenceLog();
    assertThatThrownBy(() -> log.root(9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.root(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(8, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(-1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(5, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(1, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trivialConsistencyProofsAreEmpty() {
    InMemoryMerkleLog log = Rfc6962Vectors.referenceLog();
    assertThat(log.consistencyProof(0, 8).hashes()).isEmpty();
    assertThat(log.consistencyProof(8, 8).hashes()).isEmpty();
  }

  @Test
  void concurrentAppendsLoseNothing() throws Exception {
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    log.append(new byte[] {(byte) i});
                    log.root();
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.size()).isEqualTo(1000);
    InMemoryMerkleLog replay = new InMemoryMerkleLog();
    for (long i = 0; i < log.size(); i++) {
      replay.appendLeafHash(log.leafHash(i));
    }
    assertThat(log.root()).isEqualTo(replay.root());
  }
}
