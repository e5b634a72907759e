/**
 * How runs are validated, stored in PostgreSQL, claimed with leases and executed by the workers.
 */
package io.cku.orchestrator.internal;
