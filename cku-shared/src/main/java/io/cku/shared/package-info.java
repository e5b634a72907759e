/**
 * Layer 0: typed ids, the clock, canonical JSON and the API records shared by the service and the CLI.
 */
package io.cku.shared;
