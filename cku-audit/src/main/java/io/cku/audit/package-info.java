/** The hash-chained audit log: appending in the caller's transaction, verifying, and signed checkpoints. */
package io.cku.audit;
