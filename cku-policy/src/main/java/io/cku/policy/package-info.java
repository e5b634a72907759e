/**
 * Layer 1: roles and permissions, tenant scope, and versioned policy rules.
 */
package io.cku.policy;
