package io.cku.app.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.Caller;
import io.cku.auth.ServiceAccountManagement;
import io.cku.policy.Permission;
import io.cku.shared.api.ServiceAccountRequest;
import io.cku.shared.api.ServiceAccountView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/admin/service-accounts")
@Tag(name = "Service accounts", description = "Machine identities that log in with an API key")
class ServiceAccountController {

    private final ServiceAccountManagement accounts;

    ServiceAccountController(ServiceAccountManagement accounts) {
        this.accounts = accounts;
    }

    /** The answer holds the API key, shown this once. */
    @Operation(summary = "Create a service account", description = "The answer holds its API key, shown this once. "
            + UserController.TENANTS)
    @ApiResponse(responseCode = "201", description = "The account, with `apiKey`")
    @ApiResponse(responseCode = "409", description = "The name is taken (`account-exists`)")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ServiceAccountView> create(@AuthenticationPrincipal Caller caller, @RequestBody ServiceAccountRequest request) {
        ServiceAccountView account = accounts.create(caller.actor(), request);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/admin/service-accounts/" + account.id()))
                .cacheControl(CacheControl.noStore()).body(account);
    }

    @Operation(summary = "List service accounts", description = "Never their keys. " + UserController.TENANTS)
    @RequiresPermission(Permission.ADMIN)
    @GetMapping
    List<ServiceAccountView> list(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "Another tenant than your own") @RequestParam Optional<String> tenant) {
        return accounts.list(caller.actor(), tenant.map(TenantParameter::parse));
    }

    /** Revokes the account; its key and tokens stop working at once. */
    @Operation(summary = "Revoke a service account", description = "Its key and every token issued for it stop working at once. "
            + UserController.TENANTS)
    @RequiresPermission(Permission.ADMIN)
    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ServiceAccountView revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @Parameter(description = "Recorded in the audit log") @RequestParam Optional<String> reason) {
        return accounts.revoke(caller.actor(), id, reason.orElse(null));
    }
}
