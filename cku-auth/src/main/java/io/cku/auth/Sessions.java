package io.cku.auth;

/**
 * A user's login session: started by {@link Login#withPassword}, continued with refresh tokens, ended on request, when the
 * user is disabled, or when a refresh token is presented twice. An ended session's access tokens are refused on every
 * instance within a second.
 */
public interface Sessions {

    /**
     * Uses the refresh token up and returns the session's next pair. A token presented a second time is taken as stolen: the
     * whole session is ended. Throws {@link RefreshTokenRefused} for that and for an unknown, expired or ended token.
     */
    TokenPair refresh(String refreshToken, String client);

    /** Ends the caller's session: its access token (a service account's too) and its refresh tokens stop working. */
    void revoke(Caller caller, String reason);
}
