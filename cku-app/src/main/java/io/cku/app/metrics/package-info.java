/**
 * The service's own meters ({@code cku_*} in Prometheus): runs, gates, approvals, steps, healing, the backlog, and refused
 * callers, counted from events once their transaction committed, so a rolled-back change counts nothing.
 */
package io.cku.app.metrics;
