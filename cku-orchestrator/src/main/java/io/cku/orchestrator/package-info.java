/**
 * Layer 2: the run aggregate and its lifecycle, the durable worker that claims runs and executes their steps.
 */
package io.cku.orchestrator;
