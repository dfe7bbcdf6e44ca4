package io.vigil.hub.monitor;

import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import java.util.List;
import java.util.Optional;

/**
 * What the monitor asks the hub: its newest checkpoints and consistency proofs between tree sizes.
 * Nothing it returns is trusted; {@link LogMonitor} verifies all of it.
 */
public interface HubLogSource {

  /** Up to {@code limit} checkpoints, in any order, and the verifier key the hub advertises. */
  Listing checkpoints(int limit) throws HubException;

  /** The hub's consistency proof from tree size {@code from} to {@code to}. */
  ConsistencyProof consistency(long from, long to) throws HubException;

  /** A page of the hub's checkpoint list. */
  record Listing(List<Listed> checkpoints, Optional<String> logKey) {
    public Listing {
      checkpoints = List.copyOf(checkpoints);
    }
  }

  /**
   * One checkpoint as the hub lists it: the size and root columns beside the signed note, which
   * should say the same.
   */
  record Listed(long treeSize, Hash rootHash, String note, Optional<Anchor> anchor) {}

  /** Where the hub says a checkpoint was anchored. */
  record Anchor(String contract, String txHash, long blockNumber) {}
}
