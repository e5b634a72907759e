/**
 * Layer 1: users, service accounts, password hashing and JWT issue and verification.
 */
package io.cku.auth;
