/**
 * The HTTP API: run endpoints and the one place that turns errors into RFC 9457 Problem Details.
 */
package io.cku.app.web;
