package io.cku.app.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.auth.Caller;
import io.cku.learning.Learning;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Mode;
import io.cku.shared.api.DecisionRequest;
import io.cku.shared.api.LearnedChangeView;
import io.cku.shared.api.PatternView;
import io.cku.shared.api.ReliabilityView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What the learning loop knows about the caller's tenant: the reliability of its skills and targets, and what it changed. */
@RestController
@Tag(name = "Learning", description = "Reliability learned from your runs' outcomes, and the policy changes made from it")
class LearningController {

    private static final int MAX_CHANGES = 500;

    private final Learning learning;

    LearningController(Learning learning) {
        this.learning = learning;
    }

    @Operation(summary = "The reliability of your tenant's skills and targets",
            description = "One entry per (skill, target, mode) with its attempts, decayed counts, score (the Beta model's mean) "
                    + "and 95% lower bound. Filter with any of `skill`, `target`, `mode`.")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/learning/reliability")
    List<ReliabilityView> reliability(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> skill,
            @RequestParam Optional<String> target, @RequestParam Optional<String> mode) {
        mode.filter(value -> Mode.fromWireName(value).isEmpty()).ifPresent(value -> {
            throw InvalidRequest.of("mode", "must be dev, staging or prod; was '" + value + "'");
        });
        return learning.reliability(caller.tenant(), skill.filter(s -> !s.isBlank()), target.filter(t -> !t.isBlank()), mode);
    }

    @Operation(summary = "The changes the learning loop made to your tenant's policy, newest first",
            description = "Each learned rule added or withdrawn, with its explanation (key, counts, score, threshold, evidence runs, "
                    + "settings) and the policy version it published.")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/learning/changes")
    List<LearnedChangeView> changes(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "At most this many (1 to 500, default 100)") @RequestParam Optional<String> limit) {
        int count = limit.map(LearningController::count).orElse(100);
        return learning.changes(caller.tenant(), count);
    }

    @Operation(summary = "The patterns the learning loop found in your tenant's outcomes",
            description = "Keys that are unreliable (`unreliable-key`: the learned rules act on these), keys whose transient failures "
                    + "succeed on a later attempt (`recovers-on-attempt`: the learned retry defaults), and gates that pause most of "
                    + "your newest runs and that people always approved (`gate-always-approved`: reported for you to review, never "
                    + "acted on). Those that hold now; with `resolved=true` also those that no longer hold.")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/learning/patterns")
    List<PatternView> patterns(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "Include patterns that no longer hold (default false)") @RequestParam Optional<String> resolved) {
        boolean resolvedToo = resolved.map(text -> switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidRequest.of("resolved", "must be true or false; was '" + text + "'");
        }).orElse(false);
        return learning.patterns(caller.tenant(), resolvedToo);
    }

    @Operation(summary = "Whether your tenant's policy learner is frozen")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/learning/freeze")
    Map<String, Object> frozen(@AuthenticationPrincipal Caller caller) {
        return Map.of("tenant", caller.tenant().value(), "frozen", learning.frozen(caller.tenant()));
    }

    @Operation(summary = "Stop the policy learner publishing for your tenant (an incident, a change freeze)",
            description = "Reliability is still learned; no learned rule is added or withdrawn until `/admin/learning/unfreeze`. "
                    + "`reason` is required. Audited.")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/admin/learning/freeze")
    Map<String, Object> freeze(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) DecisionRequest request) {
        learning.freeze(caller.actor(), requireReason(request, "say why the learner should stop publishing (an incident, a change freeze)"));
        return frozen(caller);
    }

    @Operation(summary = "Let the policy learner publish for your tenant again", description = "Audited.")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/admin/learning/unfreeze")
    Map<String, Object> unfreeze(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) DecisionRequest request) {
        learning.unfreeze(caller.actor(), request == null ? null : request.reason());
        return frozen(caller);
    }

    @Operation(summary = "Take a finished run's observations out of the reliability model",
            description = "For a run that says nothing about its targets (a flaky test environment). Its keys are recomputed and "
                    + "the policy learner looks at them again, which may withdraw a learned rule. `reason` is required. Audited. "
                    + "Answers the keys as they are now.")
    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/admin/learning/outcomes/{runId}/invalidate")
    List<ReliabilityView> invalidate(@AuthenticationPrincipal Caller caller, @PathVariable String runId,
            @RequestBody(required = false) DecisionRequest request) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of("runId", "must be a run id (a UUID); was '" + runId + "'");
        }
        return learning.invalidate(caller.actor(), id, requireReason(request, "say why the run's outcome should not count"));
    }

    private static String requireReason(DecisionRequest request, String hint) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw InvalidRequest.of("reason", "is required: " + hint);
        }
        return request.reason();
    }

    private static int count(String text) {
        try {
            int count = Integer.parseInt(text.trim());
            if (count >= 1 && count <= MAX_CHANGES) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidRequest.of("limit", "must be a whole number from 1 to " + MAX_CHANGES + "; was '" + text + "'");
    }
}
