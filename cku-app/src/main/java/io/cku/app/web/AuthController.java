package io.cku.app.web;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.AccessToken;
import io.cku.auth.Caller;
import io.cku.auth.Login;
import io.cku.auth.Sessions;
import io.cku.auth.TokenPair;
import io.cku.shared.InvalidRequest;
import io.cku.shared.api.RefreshRequest;
import io.cku.shared.api.TokenRequest;
import io.cku.shared.api.TokenResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Login", description = "Exchange a password or an API key for a bearer token")
class AuthController {

    private static final int MAX_CREDENTIAL_CHARS = 1024;

    private final Login login;
    private final Sessions sessions;

    AuthController(Login login, Sessions sessions) {
        this.login = login;
        this.sessions = sessions;
    }

    @Operation(summary = "Get an access token", description = "With a username and password, or a service account's API key.")
    @ApiResponse(responseCode = "200", description = "A bearer token; the answer is not to be cached")
    @ApiResponse(responseCode = "401", description = "The credentials were not accepted (`bad-credentials`)")
    @PublicRoute("logging in is how a caller gets an identity")
    @PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        boolean password = request.username() != null || request.password() != null;
        if (request.apiKey() != null && !password) {
            requireLength("apiKey", request.apiKey());
            AccessToken token = login.withApiKey(request.apiKey(), http.getRemoteAddr());
            return answer(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
        }
        if (request.apiKey() != null || request.username() == null || request.password() == null) {
            throw InvalidRequest.of("username", "send either 'username' and 'password', or 'apiKey'");
        }
        requireLength("username", request.username());
        requireLength("password", request.password());
        return answer(login.withPassword(request.username(), request.password(), http.getRemoteAddr()));
    }

    @Operation(summary = "Exchange a refresh token for a new pair",
            description = "Rotation: the presented refresh token is used up and the answer carries its successor. Presenting a used "
                    + "refresh token again is taken as theft: the whole session (every refresh and access token of this login) "
                    + "ends and the answer is 401. The session lasts `cku.auth.refresh-token-ttl` (12 h) from the login.")
    @ApiResponse(responseCode = "200", description = "A new access token and refresh token; the answer is not to be cached")
    @ApiResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token (`invalid-refresh-token`)")
    @PublicRoute("the refresh token is the credential, as the password is on /auth/token")
    @PostMapping(path = "/auth/refresh", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> refresh(@RequestBody RefreshRequest request, HttpServletRequest http) {
        if (request.refreshToken() == null || request.refreshToken().isBlank()) {
            throw InvalidRequest.of("refresh_token", "is required: the refresh_token of the last login or refresh");
        }
        requireLength("refresh_token", request.refreshToken());
        return answer(sessions.refresh(request.refreshToken(), http.getRemoteAddr()));
    }

    @Operation(summary = "End this session",
            description = "The presented access token (by its `jti`) and its refresh token family are refused from then on, on "
                    + "every instance within a second.")
    @ApiResponse(responseCode = "204", description = "The session has ended")
    @AnyCaller("a caller ends their own session; that needs no permission")
    @PostMapping("/auth/revoke")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller) {
        sessions.revoke(caller, "ended by its owner");
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<TokenResponse> answer(TokenPair tokens) {
        return answer(new TokenResponse(tokens.access().value(), "Bearer", tokens.access().expiresInSeconds(), tokens.refresh().value(),
                tokens.refresh().expiresInSeconds()));
    }

    private static ResponseEntity<TokenResponse> answer(TokenResponse tokens) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens);
    }

    private static void requireLength(String field, String value) {
        if (value.length() > MAX_CREDENTIAL_CHARS) {
            throw InvalidRequest.of(field, "must be at most " + MAX_CREDENTIAL_CHARS + " characters");
        }
    }
}
