// Compiles Anchor.sol with solc-js through its standard-JSON API and writes the artifact the
// Java client loads (ABI, bytecode, compiler version, EVM version).
//
//   SOLC_MODULE=<dir>/node_modules/solc node compile.mjs [Anchor.sol] [Anchor.json]
//
// solc-js' CLI has no --evm-version flag, hence the API. The EVM version must match the fork the
// chain runs (besu-network/genesis.json: shanghaiTime 0). Output is deterministic: no metadata
// hash in the bytecode, keys in a fixed order, so a recompile can be compared byte for byte.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const EVM_VERSION = 'shanghai';
const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? `${here}/Anchor.sol`);
const target = resolve(
  process.argv[3] ?? `${here}/../resources/io/vigil/anchoring/chain/Anchor.json`);

const require = createRequire(import.meta.url);
const solc = require(process.env.SOLC_MODULE ?? 'solc');

const name = basename(source);
const input = {
  language: 'Solidity',
  sources: { [name]: { content: readFileSync(source, 'utf8') } },
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    // No CBOR metadata: the bytecode then depends only on the source and these settings.
    metadata: { appendCBOR: false, bytecodeHash: 'none' },
    outputSelection: { '*': { Anchor: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) {
  process.stderr.write(`${e.formattedMessage ?? e.message}\n`);
}
if (errors.length > 0) {
  process.exit(1);
}
const contract = output.contracts[name].Anchor;
const artifact = {
  contractName: 'Anchor',
  sourceFile: name,
  compiler: `solc-js ${solc.version()}`,
  evmVersion: EVM_VERSION,
  optimizer: { enabled: true, runs: 200 },
  abi: contract.abi,
  bytecode: `0x${contract.evm.bytecode.object}`,
  deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
};
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(artifact, null, 2)}\n`);
process.stderr.write(`wrote ${target} (${artifact.compiler}, evm ${EVM_VERSION})\n`);
