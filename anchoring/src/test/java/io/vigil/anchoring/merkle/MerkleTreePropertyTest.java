package io.vigil.anchoring.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Properties over a log of a few thousand random leaves, checked against a literal transcription of
 * RFC 9162 and against the verifier. Seeded, so failures reproduce.
 */
class MerkleTreePropertyTest {

  private static final long SEED = 0x5EED_2026L;
  private static final int LOG_SIZE = 3000;
  private static final int NAIVE_LIMIT = 80;

  private static InMemoryMerkleLog log;
  private static List<Hash> leafHashes;
  private static List<Hash> roots;

  private final List<String> wronglyVerified = new ArrayList<>();

  @BeforeAll
  static void buildLog() {
    Random random = new Random(SEED);
    log = new InMemoryMerkleLog();
    leafHashes = new ArrayList<>();
    for (int i = 0; i < LOG_SIZE; i++) {
      byte[] leaf = new byte[random.nextInt(40)];
      random.nextBytes(leaf);
      assertThat(log.append(leaf)).isEqualTo(i);
      leafHashes.add(MerkleHash.leafHash(leaf));
    }
    roots = new ArrayList<>();
    for (long size = 0; size <= LOG_SIZE; size++) {
      roots.add(log.root(size));
    }
  }

  @Test
  void matchesTheRfcTextForEverySmallTree() {
    for (int size = 0; size <= NAIVE_LIMIT; size++) {
      List<Hash> prefix = leafHashes.subList(0, size);
      assertThat(roots.get(size)).as("root %d", size).isEqualTo(NaiveRfc9162.mth(prefix));
      for (int index = 0; index < size; index++) {
        assertThat(log.inclusionProof(index, size).hashes())
            .as("PATH(%d, D[%d])", index, size)
            .isEqualTo(NaiveRfc9162.path(index, prefix));
      }
      for (int old = 1; old < size; old++) {
        assertThat(log.consistencyProof(old, size).hashes())
            .as("PROOF(%d, D[%d])", old, size)
            .isEqualTo(NaiveRfc9162.proof(old, prefix));
      }
    }
  }

  @Test
  void matchesTheRfcTextAtRandomLargeSizes() {
    Random random = new Random(SEED + 1);
    for (int trial = 0; trial < 40; trial++) {
      int size = 1 + random.nextInt(LOG_SIZE);
      List<Hash> prefix = leafHashes.subList(0, size);
      int index = random.nextInt(size);
      int old = 1 + random.nextInt(size);
      assertThat(roots.get(size)).isEqualTo(NaiveRfc9162.mth(prefix));
      assertThat(log.inclusionProof(index, size).hashes())
          .as("PATH(%d, D[%d])", index, size)
          .isEqualTo(NaiveRfc9162.path(index, prefix));
      if (old < size) {
        assertThat(log.consistencyProof(old, size).hashes())
            .as("PROOF(%d, D[%d])", old, size)
            .isEqualTo(NaiveRfc9162.proof(old, prefix));
      }
    }
  }

  @Test
  void everyInclusionProofVerifiesAgainstItsRootAndNotNeighbouringSizes() throws ProofException {
    for (long size : sampleSizes(new Random(SEED + 2), 18)) {
      Hash root = roots.get((int) size);
      for (long i = 0; i < size; i++) {
        long index = i;
        Hash leaf = leafHashes.get((int) index);
        InclusionProof proof = log.inclusionProof(index, size);
        ProofVerifier.verifyInclusion(proof, leaf, root);
        assertFails(
            () ->
                ProofVerifier.verifyInclusion(
                    index, size + 1, leaf, proof.hashes(), roots.get((int) size + 1)),
            "index %d size %d as size+1",
            index,
            size);
        if (index < size - 1) {
          assertFails(
              () ->
                  ProofVerifier.verifyInclusion(
                      index, size - 1, leaf, proof.hashes(), roots.get((int) size - 1)),
              "index %d size %d as size-1",
              index,
              size);
        }
        if (size > 1) {
          long other = index == 0 ? 1 : index - 1;
          assertFails(
              () -> ProofVerifier.verifyInclusion(other, size, leaf, proof.hashes(), root),
              "index %d size %d as index %d",
              index,
              size,
              other);
        }
      }
    }
    assertThat(wronglyVerified).isEmpty();
  }

  @Test
  void everyConsistencyProofVerifiesAndNotForNeighbouringSizes() throws ProofException {
    List<long[]> pairs = new ArrayList<>();
    for (long newSize = 0; newSize <= 64; newSize++) {
      for (long oldSize = 0; oldSize <= newSize; oldSize++) {
        pairs.add(new long[] {oldSize, newSize});
      }
    }
    Random random = new Random(SEED + 3);
    for (int i = 0; i < 1500; i++) {
      long a = random.nextInt(LOG_SIZE);
      long b = random.nextInt(LOG_SIZE);
      pairs.add(new long[] {Math.min(a, b), Math.max(a, b)});
    }
    for (long[] pair : pairs) {
      long oldSize = pair[0];
      long newSize = pair[1];
      ConsistencyProof proof = log.consistencyProof(oldSize, newSize);
      Hash oldRoot = roots.get((int) oldSize);
      ProofVerifier.verifyConsistency(proof, oldRoot, roots.get((int) newSize));
      if (oldSize == 0) {
        continue; // the empty tree is a prefix of everything
      }
      assertFails(
          () ->
              ProofVerifier.verifyConsistency(
                  oldSize, newSize + 1, proof.hashes(), oldRoot, roots.get((int) newSize + 1)),
          "%d..%d as ..+1",
          oldSize,
          newSize);
      if (newSize - 1 >= oldSize) {
        assertFails(
            () ->
                ProofVerifier.verifyConsistency(
                    oldSize, newSize - 1, proof.hashes(), oldRoot, roots.get((int) newSize - 1)),
            "%d..%d as ..-1",
            oldSize,
            newSize);
      }
      if (oldSize > 1 && oldSize < newSize) {
        assertFails(
            () ->
                ProofVerifier.verifyConsistency(
                    oldSize - 1,
                    newSize,
                    proof.hashes(),
                    roots.get((int) oldSize - 1),
                    roots.get((int) newSize)),
            "%d..%d as -1..",
            oldSize,
            newSize);
      }
      if (oldSize + 1 < newSize) {
        assertFails(
            () ->
                ProofVerifier.verifyConsistency(
                    oldSize + 1,
                    newSize,
                    proof.hashes(),
                    roots.get((int) oldSize + 1),
                    roots.get((int) newSize)),
            "%d..%d as +1..",
            oldSize,
            newSize);
      }
      for (int i = 0; i < proof.hashes().size(); i++) {
        List<Hash> flipped = Rfc6962VectorsTest.flipBit(proof.hashes(), i);
        assertFails(
            () ->
                ProofVerifier.verifyConsistency(
                    oldSize, newSize, flipped, oldRoot, roots.get((int) newSize)),
            "%d..%d flipped %d",
            oldSize,
            newSize,
            i);
      }
    }
    assertThat(wronglyVerified).isEmpty();
  }

  @Test
  void leafOnlyReaderGivesTheSameAnswersAsStoredSubtrees() {
    // A store that overrides nothing but leafHash, as the simplest database store might.
    HashReader leavesOnly =
        new HashReader() {
          @Override
          public long size() {
            return 300;
          }

          @Override
          public Hash leafHash(long index) {
            return leafHashes.get((int) index);
          }
        };
    MerkleTree tree = new MerkleTree(leavesOnly);
    Random random = new Random(SEED + 4);
    for (int trial = 0; trial < 200; trial++) {
      int size = 1 + random.nextInt(300);
      int index = random.nextInt(size);
      int old = random.nextInt(size + 1);
      assertThat(tree.root(size)).isEqualTo(roots.get(size));
      assertThat(tree.inclusionProof(index, size)).isEqualTo(log.inclusionProof(index, size));
      assertThat(tree.consistencyProof(old, size)).isEqualTo(log.consistencyProof(old, size));
    }
  }

  @Test
  void proofsReadLogarithmicallyManyStoredHashes() {
    int[] reads = new int[1];
    HashReader counting =
        new HashReader() {
          @Override
          public long size() {
            return log.size();
          }

          @Override
          public Hash leafHash(long index) {
            reads[0]++;
            return log.leafHash(index);
          }

          @Override
          public Hash subtree(int level, long index) {
            reads[0]++;
            return log.subtree(level, index);
          }
        };
    MerkleTree tree = new MerkleTree(counting);
    // ceil(log2(3000)) = 12; each proof touches at most a few hashes per level.
    for (long index : new long[] {0, 1, 1234, 2047, 2048, 2999}) {
      reads[0] = 0;
      tree.inclusionProof(index, LOG_SIZE);
      assertThat(reads[0]).as("reads for index %d", index).isLessThanOrEqualTo(2 * 12);
    }
    reads[0] = 0;
    tree.consistencyProof(1337, LOG_SIZE);
    assertThat(reads[0]).isLessThanOrEqualTo(3 * 12);
  }

  private static TreeSet<Long> sampleSizes(Random random, int count) {
    TreeSet<Long> sizes =
        new TreeSet<>(
            List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L, 1023L, 1024L, 1025L, (long) LOG_SIZE - 1));
    while (sizes.size() < count) {
      sizes.add(1L + random.nextInt(LOG_SIZE - 1));
    }
    return sizes;
  }

  private interface Check {
    void run() throws ProofException;
  }

  /** Records, rather than throws, so hundreds of thousands of probes stay cheap. */
  private void assertFails(Check check, String description, Object... args) {
    try {
      check.run();
      wronglyVerified.add(String.format(description, args));
    } catch (ProofException expected) {
      // the probe was rejected, as it should be
    }
  }
}
