/**
 * The chain side of provenance: the {@code Anchor} contract's artifact and ABI ({@link
 * io.vigil.anchoring.chain.AnchorArtifact}, {@link io.vigil.anchoring.chain.AnchorContract}), a
 * blocking web3j client that anchors checkpoint roots over plain Ethereum JSON-RPC ({@link
 * io.vigil.anchoring.chain.AnchorClient}, {@link io.vigil.anchoring.chain.ChainConfig}), the
 * catch-up policy for outages ({@link io.vigil.anchoring.chain.CheckpointAnchorer}) and a local
 * anvil dev chain ({@link io.vigil.anchoring.chain.AnvilProcess}).
 *
 * <p>web3j stays in this package; {@code merkle}, {@code leaf} and {@code checkpoint} do not see
 * it.
 */
package io.vigil.anchoring.chain;
