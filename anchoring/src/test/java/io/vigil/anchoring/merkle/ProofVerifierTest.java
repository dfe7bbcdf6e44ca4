package io.vigil.anchoring.merkle;

import static io.vigil.anchoring.merkle.Rfc6962Vectors.EMPTY_TREE;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.SOME_HASH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.merkle.ProofException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Edge cases of the verifier, after transparency-dev/merkle's TestVerifyInclusion and friends. */
class ProofVerifierTest {

  private static final Hash ROOT_1 =
      MerkleHash.sha256("don't care 1".getBytes(StandardCharsets.UTF_8));
  private static final Hash ROOT_2 =
      MerkleHash.sha256("don't care 2".getBytes(StandardCharsets.UTF_8));

  @Test
  void singleLeafTreeHasEmptyProofAndRootEqualToLeafHash() throws ProofException {
    Hash leaf = MerkleHash.leafHash("data".getBytes(StandardCharsets.UTF_8));
    ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), leaf);
    assertReason(
        () -> ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), EMPTY_TREE),
        Reason.ROOT_MISMATCH);
    assertReason(
        () -> ProofVerifier.verifyInclusion(0, 1, EMPTY_TREE, List.of(), leaf),
        Reason.ROOT_MISMATCH);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 0", "2, 1", "-1, 4", "5, 5"})
  void rejectsIndexOutsideTree(long index, long size) {
    assertReason(
        () -> ProofVerifier.verifyInclusion(index, size, SOME_HASH, List.of(), EMPTY_TREE),
        Reason.INDEX_OUT_OF_RANGE);
  }

  @Test
  void rejectsNegativeSizes() {
    assertReason(
        () -> ProofVerifier.verifyInclusion(0, -1, SOME_HASH, List.of(), EMPTY_TREE),
        Reason.INVALID_TREE_SIZE);
    assertReason(
        () -> ProofVerifier.verifyConsistency(-1, 3, List.of(), ROOT_1, ROOT_2),
        Reason.INVALID_TREE_SIZE);
  }

  @Test
  void equalSizesNeedEqualRootsAndNoProof() {
    assertThatCode(() -> ProofVerifier.verifyConsistency(1, 1, List.of(), ROOT_2, ROOT_2))
        .doesNotThrowAnyException();
    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 0, List.of(), EMPTY_TREE, EMPTY_TREE))
        .doesNotThrowAnyException();
    assertReason(
        () -> ProofVerifier.verifyConsistency(1, 1, List.of(), ROOT_1, ROOT_2),
        Reason.ROOT_MISMATCH);
    assertReason(
        () -> ProofVerifier.verifyConsistency(1, 1, List.of(EMPTY_TREE), EMPTY_TREE, EMPTY_TREE),
        Reason.WRONG_PROOF_SIZE);
  }

  @Test
  void fromEmptyTreeNeedsNoProofAndTheEmptyRoot() {
    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 1, List.of(), EMPTY_TREE, ROOT_2))
        .doesNotThrowAnyException();
    assertReason(
        () -> ProofVerifier.verifyConsistency(0, 1, List.of(EMPTY_TREE), EMPTY_TREE, ROOT_2),
        Reason.WRONG_PROOF_SIZE);
    // Stricter than RFC 9162, which leaves size 0 undefined: the old root must be SHA-256("").
    assertReason(
        () -> ProofVerifier.verifyConsistency(0, 1, List.of(), ROOT_1, ROOT_2),
        Reason.ROOT_MISMATCH);
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "2, 1", "9, 8"})
  void rejectsTimeTravel(long oldSize, long newSize) {
    assertReason(
        () -> ProofVerifier.verifyConsistency(oldSize, newSize, List.of(), ROOT_1, ROOT_2),
        Reason.SIZE_NOT_INCREASING);
  }

  @Test
  void rejectsEmptyProofBetweenDifferentSizes() {
    assertReason(
        () -> ProofVerifier.verifyConsistency(1, 2, List.of(), ROOT_1, ROOT_2),
        Reason.WRONG_PROOF_SIZE);
  }

  @Test
  void expectedProofLengthsMatchTheRfcAlgorithms() {
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    for (int i = 0; i < 70; i++) {
      log.append(new byte[] {(byte) i});
    }
    for (long size = 1; size <= 70; size++) {
      for (long index = 0; index < size; index++) {
        assertThat(ProofVerifier.inclusionProofLength(index, size))
            .isEqualTo(log.inclusionProof(index, size).hashes().size());
      }
      for (long old = 0; old <= size; old++) {
        assertThat(ProofVerifier.consistencyProofLength(old, size))
            .isEqualTo(log.consistencyProof(old, size).hashes().size());
      }
    }
  }

  @Test
  void failureCarriesReasonInMessage() {
    ProofException e = new ProofException(Reason.ROOT_MISMATCH, "detail");
    assertThat(e.reason()).isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(e).hasMessage("ROOT_MISMATCH: detail");
  }

  private interface Check {
    void run() throws ProofException;
  }

  private static void assertReason(Check check, Reason reason) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            ProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
