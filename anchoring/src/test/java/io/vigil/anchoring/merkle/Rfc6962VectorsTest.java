package io.vigil.anchoring.merkle;

import static io.vigil.anchoring.merkle.Rfc6962Vectors.CONSISTENCY_PROOFS;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.EMPTY_TREE;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.INCLUSION_PROOFS;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.LEAVES;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.ROOTS;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.SOME_HASH;
import static io.vigil.anchoring.merkle.Rfc6962Vectors.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The log agrees byte for byte with the published RFC 6962 vectors, and rejects their mutants. */
class Rfc6962VectorsTest {

  private final InMemoryMerkleLog log = Rfc6962Vectors.referenceLog();

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    assertThat(new InMemoryMerkleLog().root()).isEqualTo(EMPTY_TREE);
    assertThat(MerkleHash.emptyRoot()).isEqualTo(EMPTY_TREE);
  }

  @Test
  void rootsOfSizesOneToEightMatchPublishedValues() {
    for (int size = 1; size <= 8; size++) {
      assertThat(log.root(size)).as("root of size %d", size).isEqualTo(ROOTS.get(size - 1));
    }
  }

  @Test
  void rootOfOneLeafIsItsLeafHash() {
    assertThat(MerkleHash.leafHash(LEAVES.get(0))).isEqualTo(ROOTS.get(0));
  }

  static Stream<InclusionProof> inclusionProofs() {
    return INCLUSION_PROOFS.stream();
  }

  static Stream<ConsistencyProof> consistencyProofs() {
    return CONSISTENCY_PROOFS.stream();
  }

  @ParameterizedTest
  @MethodSource("inclusionProofs")
  void generatesPublishedInclusionProof(InclusionProof published) {
    assertThat(log.inclusionProof(published.leafIndex(), published.treeSize()))
        .isEqualTo(published);
  }

  @ParameterizedTest
  @MethodSource("consistencyProofs")
  void generatesPublishedConsistencyProof(ConsistencyProof published) {
    assertThat(log.consistencyProof(published.oldSize(), published.newSize())).isEqualTo(published);
  }

  @ParameterizedTest
  @MethodSource("inclusionProofs")
  void verifiesPublishedInclusionProofAndRejectsEveryMutant(InclusionProof proof)
      throws ProofException {
    Hash leafHash = MerkleHash.leafHash(LEAVES.get((int) proof.leafIndex()));
    Hash root = root(proof.treeSize());
    assertThat(
            ProofVerifier.rootFromInclusionProof(
                proof.leafIndex(), proof.treeSize(), leafHash, proof.hashes()))
        .isEqualTo(root);
    ProofVerifier.verifyInclusion(proof, leafHash, root);

    inclusionMutants(proof, leafHash, root)
        .forEach(
            (description, probe) ->
                assertThat(catchThrowable(probe::verify))
                    .as(description)
                    .isInstanceOf(ProofException.class));
  }

  @ParameterizedTest
  @MethodSource("consistencyProofs")
  void verifiesPublishedConsistencyProofAndRejectsEveryMutant(ConsistencyProof proof)
      throws ProofException {
    Hash oldRoot = root(proof.oldSize());
    Hash newRoot = root(proof.newSize());
    ProofVerifier.verifyConsistency(proof, oldRoot, newRoot);
    if (proof.hashes().isEmpty()) {
      return; // trivial proof: nothing to corrupt
    }
    consistencyMutants(proof, oldRoot, newRoot)
        .forEach(
            (description, probe) ->
                assertThat(catchThrowable(probe::verify))
                    .as(description)
                    .isInstanceOf(ProofException.class));
  }

  @Test
  void mutantsFailForTheExpectedReasons() {
    InclusionProof proof = INCLUSION_PROOFS.get(2);
    Hash leafHash = MerkleHash.leafHash(LEAVES.get(5));
    Hash root = ROOTS.get(7);
    assertReason(
        () ->
            ProofVerifier.verifyInclusion(
                proof.leafIndex(), proof.treeSize(), leafHash, flipBit(proof.hashes(), 1), root),
        ProofException.Reason.ROOT_MISMATCH);
    assertReason(
        () ->
            ProofVerifier.verifyInclusion(
                proof.leafIndex(), proof.treeSize(), leafHash, append(proof.hashes(), root), root),
        ProofException.Reason.WRONG_PROOF_SIZE);
    assertReason(
        () ->
            ProofVerifier.verifyInclusion(
                proof.leafIndex(), proof.treeSize(), leafHash, proof.hashes().subList(0, 2), root),
        ProofException.Reason.WRONG_PROOF_SIZE);
    assertReason(
        () -> ProofVerifier.verifyInclusion(8, 8, leafHash, proof.hashes(), root),
        ProofException.Reason.INDEX_OUT_OF_RANGE);
    assertReason(
        () -> ProofVerifier.verifyInclusion(4, 8, leafHash, proof.hashes(), root),
        ProofException.Reason.ROOT_MISMATCH);
    assertReason(
        () -> ProofVerifier.verifyConsistency(8, 6, List.of(), ROOTS.get(7), ROOTS.get(5)),
        ProofException.Reason.SIZE_NOT_INCREASING);
  }

  @Test
  void trailingBytesInWireFormAreMalformed() throws ProofException {
    InclusionProof proof = INCLUSION_PROOFS.get(1);
    byte[] wire = proof.hashBytes();
    assertThat(InclusionProof.fromHashBytes(0, 8, wire)).isEqualTo(proof);

    byte[] trailing = java.util.Arrays.copyOf(wire, wire.length + 1);
    assertReason(
        () -> InclusionProof.fromHashBytes(0, 8, trailing), ProofException.Reason.MALFORMED_PROOF);
    byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 1);
    assertReason(
        () -> ConsistencyProof.fromHashBytes(1, 8, truncated),
        ProofException.Reason.MALFORMED_PROOF);

    // A whole extra hash parses but cannot verify.
    byte[] extraHash = java.util.Arrays.copyOf(wire, wire.length + Hash.LENGTH);
    InclusionProof longer = InclusionProof.fromHashBytes(0, 8, extraHash);
    assertReason(
        () ->
            ProofVerifier.verifyInclusion(longer, MerkleHash.leafHash(LEAVES.get(0)), ROOTS.get(7)),
        ProofException.Reason.WRONG_PROOF_SIZE);
  }

  @Test
  void publishedProofsRoundTripThroughWireForm() {
    for (ConsistencyProof proof : CONSISTENCY_PROOFS) {
      assertThatCode(
              () ->
                  assertThat(
                          ConsistencyProof.fromHashBytes(
                              proof.oldSize(), proof.newSize(), proof.hashBytes()))
                      .isEqualTo(proof))
          .doesNotThrowAnyException();
    }
  }

  /** Probes in the style of transparency-dev/merkle's corruptInclusionProof. */
  private static Map<String, Probe> inclusionMutants(
      InclusionProof proof, Hash leafHash, Hash root) {
    long index = proof.leafIndex();
    long size = proof.treeSize();
    List<Hash> hashes = proof.hashes();
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("index - 1", incl(index - 1, size, leafHash, hashes, root));
    probes.put("index + 1", incl(index + 1, size, leafHash, hashes, root));
    probes.put("index ^ 2", incl(index ^ 2, size, leafHash, hashes, root));
    // Not "size ± 1" with the same root: leaf 0 has the same path shape in trees of 7 and 8, so
    // such a probe can verify. The signed checkpoint binds size to root; the property test checks
    // neighbouring sizes against their own roots.
    probes.put("size * 2", incl(index, size * 2, leafHash, hashes, root));
    probes.put("size / 2", incl(index, size / 2, leafHash, hashes, root));
    probes.put("wrong leaf", incl(index, size, SOME_HASH, hashes, root));
    probes.put("empty root", incl(index, size, leafHash, hashes, EMPTY_TREE));
    probes.put("random root", incl(index, size, leafHash, hashes, SOME_HASH));
    probes.put("trailing root", incl(index, size, leafHash, append(hashes, root), root));
    probes.put("preceding root", incl(index, size, leafHash, prepend(root, hashes), root));
    for (int i = 0; i < hashes.size(); i++) {
      probes.put(
          "flipped bit in proof[" + i + "]", incl(index, size, leafHash, flipBit(hashes, i), root));
    }
    if (!hashes.isEmpty()) {
      probes.put(
          "removed last", incl(index, size, leafHash, hashes.subList(0, hashes.size() - 1), root));
      probes.put(
          "removed first", incl(index, size, leafHash, hashes.subList(1, hashes.size()), root));
    }
    if (hashes.size() > 1) {
      List<Hash> inserted = new ArrayList<>(hashes);
      inserted.add(1, SOME_HASH);
      probes.put("inserted component", incl(index, size, leafHash, inserted, root));
    }
    return probes;
  }

  /** Probes in the style of transparency-dev/merkle's corruptConsistencyProof. */
  private static Map<String, Probe> consistencyMutants(
      ConsistencyProof proof, Hash oldRoot, Hash newRoot) {
    long size1 = proof.oldSize();
    long size2 = proof.newSize();
    List<Hash> hashes = proof.hashes();
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("size1 - 1", cons(size1 - 1, size2, hashes, oldRoot, newRoot));
    probes.put("size1 + 1", cons(size1 + 1, size2, hashes, oldRoot, newRoot));
    probes.put("size1 ^ 2", cons(size1 ^ 2, size2, hashes, oldRoot, newRoot));
    probes.put("size2 * 2", cons(size1, size2 * 2, hashes, oldRoot, newRoot));
    probes.put("size2 / 2", cons(size1, size2 / 2, hashes, oldRoot, newRoot));
    probes.put("wrong root1", cons(size1, size2, hashes, SOME_HASH, newRoot));
    probes.put("wrong root2", cons(size1, size2, hashes, oldRoot, SOME_HASH));
    probes.put("swapped roots", cons(size1, size2, hashes, newRoot, oldRoot));
    probes.put("empty proof", cons(size1, size2, List.of(), oldRoot, newRoot));
    probes.put("trailing root1", cons(size1, size2, append(hashes, oldRoot), oldRoot, newRoot));
    probes.put("trailing root2", cons(size1, size2, append(hashes, newRoot), oldRoot, newRoot));
    probes.put("preceding root1", cons(size1, size2, prepend(oldRoot, hashes), oldRoot, newRoot));
    probes.put("preceding root2", cons(size1, size2, prepend(newRoot, hashes), oldRoot, newRoot));
    probes.put(
        "preceding proof[0]", cons(size1, size2, prepend(hashes.get(0), hashes), oldRoot, newRoot));
    probes.put(
        "truncated proof",
        cons(size1, size2, hashes.subList(0, hashes.size() - 1), oldRoot, newRoot));
    for (int i = 0; i < hashes.size(); i++) {
      probes.put(
          "flipped bit in proof[" + i + "]",
          cons(size1, size2, flipBit(hashes, i), oldRoot, newRoot));
    }
    return probes;
  }

  private interface Probe {
    void verify() throws ProofException;
  }

  private static Probe incl(long index, long size, Hash leaf, List<Hash> proof, Hash root) {
    return () -> ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
  }

  private static Probe cons(long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
    return () -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
  }

  static List<Hash> flipBit(List<Hash> hashes, int index) {
    List<Hash> copy = new ArrayList<>(hashes);
    byte[] bytes = copy.get(index).bytes();
    bytes[0] ^= 8;
    copy.set(index, Hash.of(bytes));
    return copy;
  }

  private static List<Hash> append(List<Hash> hashes, Hash extra) {
    List<Hash> copy = new ArrayList<>(hashes);
    copy.add(extra);
    return copy;
  }

  private static List<Hash> prepend(Hash extra, List<Hash> hashes) {
    List<Hash> copy = new ArrayList<>();
    copy.add(extra);
    copy.addAll(hashes);
    return copy;
  }

  private static void assertReason(Probe probe, ProofException.Reason reason) {
    assertThatThrownBy(probe::verify)
        .isInstanceOfSatisfying(
            ProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
