/**
 * The JSON shapes of the HTTP API, shared by the service and the CLI.
 */
package io.cku.shared.api;
