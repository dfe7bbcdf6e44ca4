package io.vigil.anchoring.chain;

/** How the client prices its transactions. */
public enum GasMode {
  /**
   * Legacy transactions with gas price 0, for a Besu QBFT network with {@code zeroBaseFee: true}
   * and {@code min-gas-price=0}. A transaction that is not mined in time is re-broadcast unchanged
   * (there is no price to bump).
   */
  FREE,
  /**
   * Type-2 transactions: max fee = 2 × base fee + priority fee ({@code eth_maxPriorityFeePerGas}).
   */
  EIP1559,
  /** Type-0 transactions priced at {@code eth_gasPrice}, for chains without EIP-1559. */
  LEGACY
}
