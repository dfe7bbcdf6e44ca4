package io.vigil.anchoring.merkle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the RFC 9162 proof verifier, the part of {@code vigil verify} and {@code vigil monitor}
 * that reads proofs from an untrusted hub. Two properties: for arbitrary sizes, indices and hash
 * lists it fails only with {@link ProofException} (never an index, arithmetic or other runtime
 * exception, never a hang on huge sizes); and for a real tree it accepts the genuine inclusion and
 * consistency proofs and rejects every mutation of them (a flipped bit, a dropped, added or swapped
 * hash, a shifted index or size).
 */
class ProofVerifierFuzzTest {

  @FuzzTest
  void verifierFailsOnlyWithProofException(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      arbitrary(data);
    } else {
      mutatedRealProofs(data);
    }
  }

  private static void arbitrary(FuzzedDataProvider data) {
    long a = data.consumeLong();
    long b = data.consumeLong();
    Hash x = hash(data);
    Hash y = hash(data);
    List<Hash> proof = hashes(data, data.consumeInt(0, 70));
    try {
      ProofVerifier.verifyInclusion(a, b, x, proof, y);
    } catch (ProofException expected) {
      // the only acceptable failure
    }
    try {
      ProofVerifier.verifyConsistency(a, b, proof, x, y);
    } catch (ProofException expected) {
      // the only acceptable failure
    }
  }

  private static void mutatedRealProofs(FuzzedDataProvider data) {
    int size = data.consumeInt(1, 64);
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    for (int i = 0; i < size; i++) {
      log.append(new byte[] {(byte) i, (byte) (i >>> 8)});
    }
    int index = data.consumeInt(0, size - 1);
    InclusionProof inclusion = log.inclusionProof(index, size);
    Hash leaf = log.leafHash(index);
    Hash root = log.root(size);
    assertThatCode(() -> ProofVerifier.verifyInclusion(inclusion, leaf, root))
        .doesNotThrowAnyException();
    Mutation m = mutate(data, index, size, inclusion.hashes());
    // A root is not bound to a size without its checkpoint: a proof for a larger tree can end at
    // the same root, so a changed size alone is not necessarily an invalid statement.
    if (m.changed && m.b == size) {
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(m.a, m.b, leaf, m.hashes, root))
          .isInstanceOf(ProofException.class);
    }

    int oldSize = data.consumeInt(0, size);
    ConsistencyProof consistency = log.consistencyProof(oldSize, size);
    Hash oldRoot = log.root(oldSize);
    assertThatCode(() -> ProofVerifier.verifyConsistency(consistency, oldRoot, root))
        .doesNotThrowAnyException();
    Mutation c = mutate(data, oldSize, size, consistency.hashes());
    // Some size changes leave a valid statement (e.g. 0 -> n needs no proof): only hash changes
    // and drops or additions are unconditionally invalid.
    if (c.changed && c.a == oldSize && c.b == size) {
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(c.a, c.b, c.hashes, oldRoot, root))
          .isInstanceOf(ProofException.class);
    }
  }

  private record Mutation(long a, long b, List<Hash> hashes, boolean changed) {}

  private static Mutation mutate(FuzzedDataProvider data, long a, long b, List<Hash> proof) {
    List<Hash> hashes = new ArrayList<>(proof);
    switch (data.consumeInt(0, 5)) {
      case 0 -> {
        return new Mutation(a, b, hashes, false);
      }
      case 1 -> {
        if (hashes.isEmpty()) {
          return new Mutation(a, b, hashes, false);
        }
        int i = data.consumeInt(0, hashes.size() - 1);
        byte[] bytes = hashes.get(i).bytes();
        bytes[data.consumeInt(0, Hash.LENGTH - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
        hashes.set(i, Hash.of(bytes));
      }
      case 2 -> {
        if (hashes.isEmpty()) {
          return new Mutation(a, b, hashes, false);
        }
        hashes.remove(data.consumeInt(0, hashes.size() - 1));
      }
      case 3 -> hashes.add(data.consumeInt(0, hashes.size()), hash(data));
      case 4 -> {
        long shifted = a + data.consumeInt(1, 3) * (data.consumeBoolean() ? 1 : -1);
        return new Mutation(shifted, b, hashes, true);
      }
      default -> {
        long shifted = b + data.consumeInt(1, 3) * (data.consumeBoolean() ? 1 : -1);
        return new Mutation(a, shifted, hashes, true);
      }
    }
    return new Mutation(a, b, hashes, true);
  }

  private static Hash hash(FuzzedDataProvider data) {
    byte[] bytes = data.consumeBytes(Hash.LENGTH);
    return Hash.of(java.util.Arrays.copyOf(bytes, Hash.LENGTH));
  }

  private static List<Hash> hashes(FuzzedDataProvider data, int count) {
    List<Hash> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(hash(data));
    }
    return out;
  }
}
