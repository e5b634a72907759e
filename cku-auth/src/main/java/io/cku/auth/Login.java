package io.cku.auth;

/** Exchanges credentials for a short-lived access token. Every attempt is published as a {@link SecurityEvent}. */
public interface Login {

    /** A token for an enabled user whose password matches; throws {@link BadCredentials} otherwise. */
    AccessToken withPassword(String username, String password, String client);

    /** A token for the service account holding this unrevoked key; throws {@link BadCredentials} otherwise. */
    AccessToken withApiKey(String apiKey, String client);
}
