package io.cku.auth;

/** Checks access tokens on every request. */
public interface TokenVerifier {

    /**
     * The caller a token proves, with the roles the account holds now; throws {@link InvalidToken} when the token is not
     * genuine, not valid at this time, or its account is disabled, revoked or gone.
     */
    Caller verify(String token);
}
