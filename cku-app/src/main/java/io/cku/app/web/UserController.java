package io.cku.app.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.Caller;
import io.cku.auth.UserManagement;
import io.cku.policy.Permission;
import io.cku.shared.api.UserChangeRequest;
import io.cku.shared.api.UserRequest;
import io.cku.shared.api.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/admin/users")
@Tag(name = "Users", description = "People's accounts and roles")
class UserController {

    /** How {@link io.cku.auth.OutsideTenant} reads to a client. */
    static final String TENANTS = "Only administrators of tenant `default` reach other tenants (else 403 `outside-tenant`).";

    private final UserManagement users;

    UserController(UserManagement users) {
        this.users = users;
    }

    @Operation(summary = "Create a user", description = TENANTS)
    @ApiResponse(responseCode = "201", description = "The user as stored")
    @ApiResponse(responseCode = "409", description = "The username is taken (`account-exists`)")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> create(@AuthenticationPrincipal Caller caller, @RequestBody UserRequest request) {
        UserView user = users.create(caller.actor(), request);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/admin/users/" + user.username())).body(user);
    }

    @Operation(summary = "List users", description = TENANTS)
    @RequiresPermission(Permission.ADMIN)
    @GetMapping
    List<UserView> list(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "Another tenant than your own") @RequestParam Optional<String> tenant) {
        return users.list(caller.actor(), tenant.map(TenantParameter::parse));
    }

    @Operation(summary = "Change a user's roles or enabled flag", description = "Absent fields stay as they are. " + TENANTS)
    @RequiresPermission(Permission.ADMIN)
    @PatchMapping(path = "/{username}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    UserView change(@AuthenticationPrincipal Caller caller, @PathVariable String username, @RequestBody UserChangeRequest request) {
        return users.change(caller.actor(), username, request);
    }
}
