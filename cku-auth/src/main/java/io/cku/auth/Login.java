package io.cku.auth;

/** Exchanges credentials for a short-lived access token. Every attempt is published as a {@link SecurityEvent}. */
public interface Login {

    /**
     * Starts a session for an enabled user whose password matches: an access token and the refresh token that continues it
     * ({@link Sessions}). Throws {@link BadCredentials} otherwise.
     */
    TokenPair withPassword(String username, String password, String client);

    /**
     * A token for the service account holding this unrevoked key; throws {@link BadCredentials} otherwise. There is no
     * refresh token: a machine presents its key again.
     */
    AccessToken withApiKey(String apiKey, String client);
}
