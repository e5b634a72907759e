package io.cku.shared.api;

/** {@code POST /auth/token}: either a username and password, or a service account's API key. */
public record TokenRequest(String username, String password, String apiKey) {
}
