/** How identities are stored, passwords hashed, keys kept and tokens signed and verified. */
package io.cku.auth.internal;
