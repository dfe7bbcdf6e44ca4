/**
 * RFC 9162 (Certificate Transparency 2.0) Merkle tree math for the Vigil submission log: hashing,
 * root computation, inclusion and consistency proofs, and their verification.
 *
 * <p>Pure code: no I/O, no database, no chain client. Storage is abstracted by {@link
 * io.vigil.anchoring.merkle.HashReader} so a database-backed log can serve O(log n) proofs; {@link
 * io.vigil.anchoring.merkle.InMemoryMerkleLog} is the reference store for tests and dev mode.
 */
package io.vigil.anchoring.merkle;
