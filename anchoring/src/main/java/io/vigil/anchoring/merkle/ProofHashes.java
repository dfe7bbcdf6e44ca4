package io.vigil.anchoring.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The wire form of a proof: its hashes back to back, no count, no separators. */
final class ProofHashes {

  private ProofHashes() {}

  static byte[] concatenate(List<Hash> hashes) {
    byte[] out = new byte[hashes.size() * Hash.LENGTH];
    for (int i = 0; i < hashes.size(); i++) {
      System.arraycopy(hashes.get(i).bytes(), 0, out, i * Hash.LENGTH, Hash.LENGTH);
    }
    return out;
  }

  static List<Hash> split(byte[] bytes) throws ProofException {
    if (bytes.length % Hash.LENGTH != 0) {
      throw new ProofException(
          ProofException.Reason.MALFORMED_PROOF,
          "proof is " + bytes.length + " bytes, not a multiple of " + Hash.LENGTH);
    }
    List<Hash> hashes = new ArrayList<>(bytes.length / Hash.LENGTH);
    for (int offset = 0; offset < bytes.length; offset += Hash.LENGTH) {
      hashes.add(Hash.wrap(Arrays.copyOfRange(bytes, offset, offset + Hash.LENGTH)));
    }
    return hashes;
  }
}
