/** How the chain is stored and walked in PostgreSQL, and how its checkpoints reach outside witnesses. */
package io.cku.audit.internal;
