/** Roles and permissions, and each tenant's versioned policy rules written in CEL. */
package io.cku.policy;
