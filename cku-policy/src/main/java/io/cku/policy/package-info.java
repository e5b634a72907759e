/** Roles and permissions: which role may do what, overall and per tenant. */
package io.cku.policy;
