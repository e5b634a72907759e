package io.cku.auth;

/** What a user's login or refresh hands out: an access token, and the refresh token that gets the next one. */
public record TokenPair(AccessToken access, RefreshToken refresh) {
}
