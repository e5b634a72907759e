/**
 * Wiring between the modules: adapters that implement one module's ports with another (gates, healing, skills, tenant
 * usage), and listeners that carry events and facts across them (audit trail, metrics, security log, ended runs, the
 * service's own ports).
 */
package io.cku.app.wiring;
