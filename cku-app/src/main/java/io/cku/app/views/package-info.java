/** The API's JSON shapes of runs, gates, steps, approvals and healing actions, made from the aggregates. */
package io.cku.app.views;
