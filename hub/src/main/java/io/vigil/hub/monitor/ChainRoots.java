package io.vigil.hub.monitor;

import io.vigil.anchoring.chain.ChainException;
import io.vigil.anchoring.merkle.Hash;
import java.util.Optional;
import java.util.OptionalLong;

/** What the monitor reads from an Anchor contract on the chain. */
public interface ChainRoots {

  /** The root the contract holds for {@code treeSize}; empty if that size was never anchored. */
  Optional<Hash> rootOf(String contract, long treeSize) throws ChainException;

  /** The largest anchored tree size; 0 before the first anchoring. */
  long latestTreeSize(String contract) throws ChainException;

  /** The block of the transaction that anchored {@code treeSize}, if found. */
  OptionalLong anchoredBlock(String contract, long treeSize) throws ChainException;
}
