/**
 * The audit chain's format, shared by the service and the offline verifier of the CLI: RFC 8785 canonical entries, the
 * chain hashes, export lines, Ed25519 signed checkpoints and the verification of an export with no server.
 */
package io.cku.shared.audit;
