/**
 * Adapters that connect the orchestrator's ports to the governance and skill-engine modules.
 */
package io.cku.app.wiring;
