/**
 * Layer 3: the one Spring Boot application: web layer, approval use cases, wiring and configuration.
 */
package io.cku.app;
