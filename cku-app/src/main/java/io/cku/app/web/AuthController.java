package io.cku.app.web;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.AccessToken;
import io.cku.auth.Login;
import io.cku.shared.InvalidRequest;
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

    AuthController(Login login) {
        this.login = login;
    }

    @Operation(summary = "Get an access token", description = "With a username and password, or a service account's API key.")
    @ApiResponse(responseCode = "200", description = "A bearer token; the answer is not to be cached")
    @ApiResponse(responseCode = "401", description = "The credentials were not accepted (`bad-credentials`)")
    @PublicRoute("logging in is how a caller gets an identity")
    @PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> token(@RequestBody TokenRequest request, HttpServletRequest http) {
        AccessToken token = issue(request, http.getRemoteAddr());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new TokenResponse(token.value(), "Bearer", token.expiresInSeconds()));
    }

    private AccessToken issue(TokenRequest request, String client) {
        boolean password = request.username() != null || request.password() != null;
        if (request.apiKey() != null && !password) {
            requireLength("apiKey", request.apiKey());
            return login.withApiKey(request.apiKey(), client);
        }
        if (request.apiKey() != null || request.username() == null || request.password() == null) {
            throw InvalidRequest.of("username", "send either 'username' and 'password', or 'apiKey'");
        }
        requireLength("username", request.username());
        requireLength("password", request.password());
        return login.withPassword(request.username(), request.password(), client);
    }

    private static void requireLength(String field, String value) {
        if (value.length() > MAX_CREDENTIAL_CHARS) {
            throw InvalidRequest.of(field, "must be at most " + MAX_CREDENTIAL_CHARS + " characters");
        }
    }
}
