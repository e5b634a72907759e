/**
 * The {@code cku} command-line client: picocli commands over the service's HTTP API, with logins kept in the user's config
 * directory, live watching over Server-Sent Events and offline verification of audit exports.
 */
package io.cku.cli;
