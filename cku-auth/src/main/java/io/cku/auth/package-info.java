/** Identities: users, service accounts, logins, and the access tokens that prove who calls. */
package io.cku.auth;
