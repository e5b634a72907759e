/**
 * Layer 2: the gate SPI, the nine governance gates and the gate manager that runs them in a mode's order.
 */
package io.cku.governance;
