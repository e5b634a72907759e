/**
 * Health components Boot has none for, which the readiness group ({@code /actuator/health/readiness}) adds to the
 * database check: the migrations applied, the run workers running.
 */
package io.cku.app.health;
