/**
 * Layer 3: the picocli command-line client, talking HTTP to the service.
 */
package io.cku.cli;
