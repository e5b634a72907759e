/**
 * Layer 1: the hash-chained audit log, its verification and signed checkpoints.
 */
package io.cku.audit;
