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

@RestController
@RequestMapping("/admin/service-accounts")
class ServiceAccountController {

    private final ServiceAccountManagement accounts;

    ServiceAccountController(ServiceAccountManagement accounts) {
        this.accounts = accounts;
    }

    /** The answer holds the API key, shown this once. */
    @RequiresPermission(Permission.ADMIN)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ServiceAccountView> create(@AuthenticationPrincipal Caller caller, @RequestBody ServiceAccountRequest request) {
        ServiceAccountView account = accounts.create(caller.actor(), request);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/admin/service-accounts/" + account.id()))
                .cacheControl(CacheControl.noStore()).body(account);
    }

    @RequiresPermission(Permission.ADMIN)
    @GetMapping
    List<ServiceAccountView> list(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> tenant) {
        return accounts.list(caller.actor(), tenant.map(TenantParameter::parse));
    }

    /** Revokes the account; its key and tokens stop working at once. */
    @RequiresPermission(Permission.ADMIN)
    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ServiceAccountView revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam Optional<String> reason) {
        return accounts.revoke(caller.actor(), id, reason.orElse(null));
    }
}
