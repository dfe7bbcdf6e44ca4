#!/bin/sh
# One-shot contract deployment for docker-compose (service anchor-deploy): deploys Anchor.json's
# bytecode from the deployer account and makes the hub's anchoring account a writer, then writes
# the contract address to /chain/contract, where the anchoring service reads it. Idempotent: an
# existing /chain/contract is kept. Free gas network: legacy transactions at price 0.
set -eu
out=/chain/contract
if [ -s "$out" ]; then echo "anchor-deploy: contract $(cat "$out") already deployed"; exit 0; fi
rpc="${RPC_URL:-http://rpc-node:8545}"
bytecode=$(sed -n 's/.*"bytecode": *"\(0x[0-9a-fA-F]*\)".*/\1/p' /artifact/Anchor.json)
receipt=$(cast send --rpc-url "$rpc" --private-key "$DEPLOYER_KEY" --legacy --gas-price 0 --json --create "$bytecode")
address=$(echo "$receipt" | sed -n 's/.*"contractAddress": *"\(0x[0-9a-fA-F]*\)".*/\1/p')
[ -n "$address" ] || { echo "anchor-deploy: no contract address in receipt"; exit 1; }
cast send --rpc-url "$rpc" --private-key "$DEPLOYER_KEY" --legacy --gas-price 0 \
  "$address" "addWriter(address)" "$ANCHORING_ADDRESS" >/dev/null
echo "$address" > "$out"
echo "anchor-deploy: contract $address, writer $ANCHORING_ADDRESS"
