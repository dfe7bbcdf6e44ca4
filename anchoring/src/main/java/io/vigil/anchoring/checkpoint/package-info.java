/**
 * Signed checkpoints of the submission log: a C2SP {@code tlog-checkpoint} body (origin, tree size,
 * root hash, optional timestamp) inside a C2SP {@code signed-note} signed with Ed25519, and the
 * {@code <name>+<hash>+<key>} verifier key strings of the Go {@code sumdb/note} ecosystem.
 *
 * <p>Pure code: keys come in as values; loading them from files or a KMS belongs elsewhere.
 */
package io.vigil.anchoring.checkpoint;
