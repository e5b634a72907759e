package io.cku.app.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.Caller;
import io.cku.policy.PolicyVersions;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.api.DecisionRequest;
import io.cku.shared.api.PolicyDiffView;
import io.cku.shared.api.PolicyRequest;
import io.cku.shared.api.PolicyView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The caller's tenant's policy rules: versions published by administrators, read by everyone in the tenant. */
@RestController
@Tag(name = "Policies", description = "Your tenant's CEL policy rules, read by the POLICY gate")
class PolicyController {

    private final PolicyVersions policies;

    PolicyController(PolicyVersions policies) {
        this.policies = policies;
    }

    @Operation(summary = "Publish a new version of your tenant's rules", description = "Each expression is compiled first.")
    @ApiResponse(responseCode = "201", description = "The version as stored")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping(path = "/admin/policies", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyView> publish(@AuthenticationPrincipal Caller caller, @RequestBody PolicyRequest request) {
        PolicyView published = policies.publish(caller.actor(), request);
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/policies/" + published.version())).body(published);
    }

    @Operation(summary = "Make a published version the active one", description = "An optional `reason` is recorded.")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping(path = "/admin/policies/{version}/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    PolicyView activate(@AuthenticationPrincipal Caller caller, @PathVariable String version,
            @RequestBody(required = false) DecisionRequest request) {
        return policies.activate(caller.actor(), number(version), Optional.ofNullable(request).map(DecisionRequest::reason).orElse(null));
    }

    @Operation(summary = "Every version of your tenant's rules")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/policies")
    List<PolicyView> list(@AuthenticationPrincipal Caller caller) {
        return policies.list(caller.tenant());
    }

    @Operation(summary = "One version of your tenant's rules")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/policies/{version}")
    PolicyView get(@AuthenticationPrincipal Caller caller, @PathVariable String version) {
        return policies.get(caller.tenant(), number(version));
    }

    @Operation(summary = "What changed between two versions of your tenant's rules",
            description = "Rules added, removed and changed (matched by name) from `against` (default: the version before) to `version`.")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/policies/{version}/diff")
    PolicyDiffView diff(@AuthenticationPrincipal Caller caller, @PathVariable String version, @RequestParam Optional<String> against) {
        int to = number(version);
        int from = against.map(PolicyController::number).orElse(to - 1);
        PolicyView after = policies.get(caller.tenant(), to);
        PolicyView before = from < 1 ? new PolicyView(caller.tenant().value(), 0, false, List.of(), "nothing", null, null)
                : policies.get(caller.tenant(), from);
        return PolicyDiffView.between(after, before);
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw InvalidRequest.of("version", "must be a whole number; was '" + version + "'");
        }
    }
}
