/**
 * The implementations of the nine gates.
 */
package io.cku.governance.gates;
