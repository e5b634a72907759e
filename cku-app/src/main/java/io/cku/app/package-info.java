/**
 * Layer 3: the one Spring Boot application: web layer, wiring and configuration.
 */
package io.cku.app;
