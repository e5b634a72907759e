/** The security filter chain: bearer tokens, rate limits, body limits, and the answers given when they refuse a request. */
package io.cku.app.security;
