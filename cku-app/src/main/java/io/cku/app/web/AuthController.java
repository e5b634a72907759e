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
import jakarta.servlet.http.HttpServletRequest;

@RestController
class AuthController {

    private static final int MAX_CREDENTIAL_CHARS = 1024;

    private final Login login;
    private final Sessions sessions;

    AuthController(Login login, Sessions sessions) {
        this.login = login;
        this.sessions = sessions;
    }

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

    @PublicRoute("the refresh token is the credential, as the password is on /auth/token")
    @PostMapping(path = "/auth/refresh", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> refresh(@RequestBody RefreshRequest request, HttpServletRequest http) {
        if (request.refreshToken() == null || request.refreshToken().isBlank()) {
            throw InvalidRequest.of("refresh_token", "is required: the refresh_token of the last login or refresh");
        }
        requireLength("refresh_token", request.refreshToken());
        return answer(sessions.refresh(request.refreshToken(), http.getRemoteAddr()));
    }

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
