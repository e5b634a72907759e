/** How the chain is stored and walked in PostgreSQL. */
package io.cku.audit.internal;
