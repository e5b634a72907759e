package io.cku.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.cku.cli.Profiles.Credentials;
import tools.jackson.databind.JsonNode;

/**
 * Whose calls these are: a token from {@code CKU_TOKEN}, or a profile's login, whose access token is refreshed silently
 * (and stored again) when it has expired or the service refuses it.
 */
final class Session {

    /** Refresh this long before the access token expires, so a call does not race its expiry. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final Profiles profiles;
    private final String profile;
    private final String givenToken;
    private final Clock clock;
    private Credentials credentials;

    private Session(Profiles profiles, String profile, String givenToken, Credentials credentials, Clock clock) {
        this.profiles = profiles;
        this.profile = profile;
        this.givenToken = givenToken;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The session of {@code CKU_TOKEN} when set, else of the profile's login; fails with exit 4 when there is neither. */
    static Session of(Profiles profiles, String profile, String givenToken, Clock clock) {
        if (givenToken != null) {
            return new Session(profiles, profile, givenToken, null, clock);
        }
        Credentials credentials = profiles.credentials(profile);
        if (credentials == null) {
            throw new CommandFailed(ExitCode.NOT_PERMITTED, "not logged in" + (Profiles.DEFAULT.equals(profile) ? "" : " with profile '"
                    + profile + "'") + ": run `cku login" + (Profiles.DEFAULT.equals(profile) ? "" : " --profile " + profile)
                    + "`, or set CKU_TOKEN");
        }
        return new Session(profiles, profile, null, credentials, clock);
    }

    /** A session with a token given as is: never refreshed or stored. */
    static Session given(String token) {
        return new Session(null, null, token, null, null);
    }

    String profile() {
        return profile;
    }

    Credentials credentials() {
        return credentials;
    }

    /** The token to send now, refreshed first when it has expired and can be refreshed. */
    synchronized String accessToken(Api api) {
        if (givenToken != null) {
            return givenToken;
        }
        Instant expiresAt = credentials.expiresAt();
        if (expiresAt != null && credentials.refreshToken() != null && !clock.instant().isBefore(expiresAt.minus(MARGIN))) {
            refresh(api);
        }
        return credentials.accessToken();
    }

    /** After a 401: refreshes and says whether the call is worth repeating. */
    synchronized boolean refreshAfterRefusal(Api api) {
        if (givenToken != null || credentials.refreshToken() == null) {
            return false;
        }
        refresh(api);
        return true;
    }

    private void refresh(Api api) {
        JsonNode tokens;
        try {
            tokens = new Api(api.url(), null).post("/auth/refresh", Map.of("refresh_token", credentials.refreshToken()));
        } catch (CommandFailed e) {
            if (e.exitCode() != ExitCode.NOT_PERMITTED) {
                throw e;
            }
            profiles.deleteCredentials(profile);
            throw new CommandFailed(ExitCode.NOT_PERMITTED, "your session has ended (" + e.getMessage() + "): log in again with `cku login"
                    + (Profiles.DEFAULT.equals(profile) ? "" : " --profile " + profile) + "`", e.details());
        }
        credentials = credentials(credentials.username(), tokens, clock);
        profiles.saveCredentials(profile, credentials);
    }

    /** The tokens of a {@code /auth/token} or {@code /auth/refresh} answer. */
    static Credentials credentials(String username, JsonNode tokens, Clock clock) {
        long expiresIn = tokens.path("expires_in").asLong(0);
        String refresh = tokens.path("refresh_token").isString() ? tokens.path("refresh_token").asString() : null;
        return new Credentials(username, tokens.path("access_token").asString(),
                expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null, refresh);
    }
}
