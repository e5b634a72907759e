package io.cku.app.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.cku.app.web.RequiresPermission;
import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditExport;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditReader;
import io.cku.audit.ChainHealth;
import io.cku.auth.Caller;
import io.cku.learning.Learning;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.policy.Permission;
import io.cku.policy.PolicyVersions;
import io.cku.policy.RolePermissions;
import io.cku.shared.api.PolicyDiffView;
import io.cku.shared.api.PolicyView;
import io.cku.shared.api.ReliabilityView;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What governs the runs: the audit chain (status, verification, export), the policy versions, and what the learner knows. */
@Hidden
@Controller
class UiGovernance {

    /** The most entries of one run the audit page lists. */
    private static final int RUN_ENTRIES = 1000;

    private static final JsonMapper DETAILS = JsonMapper.builder().build();

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;
    private final AuditExport export;
    private final ChainHealth health;
    private final PolicyVersions policies;
    private final Learning learning;
    private final RolePermissions permissions;
    private final AuditReader reader;
    private final RunManagement runs;
    private final HealthIndicator witnesses;

    UiGovernance(AuditLog audit, AuditCheckpoints checkpoints, AuditExport export, ChainHealth health, PolicyVersions policies,
            Learning learning, RolePermissions permissions, AuditReader reader, RunManagement runs,
            @Qualifier("auditWitnessHealthIndicator") HealthIndicator witnesses) {
        this.reader = reader;
        this.runs = runs;
        this.witnesses = witnesses;
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.export = export;
        this.health = health;
        this.policies = policies;
        this.learning = learning;
        this.permissions = permissions;
    }

    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/ui/audit")
    String audit(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> run, Model model) {
        auditPage(caller, run, model);
        return "ui/audit";
    }

    /** Verifies the whole chain now: every hash and link, and the checkpoints in range. */
    @RequiresPermission(Permission.AUDIT_READ)
    @PostMapping("/ui/audit/verify")
    String verify(@AuthenticationPrincipal Caller caller, Model model) {
        auditPage(caller, Optional.empty(), model);
        model.addAttribute("verification", audit.verify(1, Long.MAX_VALUE));
        return "ui/audit";
    }

    private void auditPage(Caller caller, Optional<String> run, Model model) {
        Ui.common(model, caller);
        model.addAttribute("check", health.latest());
        model.addAttribute("entries", reader.size());
        model.addAttribute("checkpoint", checkpoints.latest().orElse(null));
        Health witnessed = witnesses.health();
        model.addAttribute("witnessUp", Status.UP.equals(witnessed.getStatus()));
        model.addAttribute("witnesses", witnessLines(witnessed));
        Optional<String> asked = run.map(String::strip).filter(r -> !r.isEmpty());
        model.addAttribute("run", asked.orElse(""));
        asked.ifPresent(id -> {
            RunId runId = Ui.runId(id);
            runs.get(caller.tenant(), runId); // another tenant's run is not found, as on its page
            model.addAttribute("runEntries", reader.about(runId.toString(), 0, RUN_ENTRIES).stream()
                    .map(e -> new EntryLine(e.seq(), e.at(), e.actor(), e.action(), withoutView(e.details()))).toList());
        });
    }

    /**
     * An entry's details without the {@code view} member: the state the change left, kept for the event stream and
     * repeating the run's page; the export keeps it whole.
     */
    private static String withoutView(String details) {
        try {
            JsonNode tree = DETAILS.readTree(details);
            if (tree instanceof ObjectNode object) {
                object.remove("view");
                return DETAILS.writeValueAsString(object);
            }
        } catch (JacksonException e) {
            // shown as stored
        }
        return details;
    }

    /** Each outside witness as a line, or why the witnesses are not trusted now. */
    private static List<String> witnessLines(Health health) {
        List<String> lines = new ArrayList<>();
        health.getDetails().forEach((name, value) -> {
            if (value instanceof List<?> items) {
                items.forEach(item -> lines.add(item instanceof Map<?, ?> map ? describe(map) : String.valueOf(item)));
            } else {
                lines.add(name + ": " + value);
            }
        });
        return lines;
    }

    private static String describe(Map<?, ?> witness) {
        StringJoiner line = new StringJoiner(", ");
        witness.forEach((key, value) -> line.add(key + " " + value));
        return line.toString();
    }

    /** An audit entry as the page lists it. */
    record EntryLine(long seq, Instant at, String actor, String action, String details) {
    }

    /** The whole chain as NDJSON, other tenants' entries redacted, as {@code GET /audit/export} gives it. */
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/ui/audit/export")
    void export(@AuthenticationPrincipal Caller caller, HttpServletResponse response) {
        response.setContentType(AuditExport.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cku-audit.ndjson\"");
        try {
            export.write(1, Long.MAX_VALUE, caller.tenant(), response.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/policies")
    String policies(@AuthenticationPrincipal Caller caller, @RequestParam Optional<Integer> diff, Model model) {
        Ui.common(model, caller);
        List<PolicyView> versions = policies.list(caller.tenant());
        model.addAttribute("versions", versions);
        model.addAttribute("isAdmin", permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.ADMIN));
        diff.filter(v -> v >= 1).ifPresent(version -> {
            PolicyView after = policies.get(caller.tenant(), version);
            PolicyView before = version == 1 ? new PolicyView(caller.tenant().value(), 0, false, List.of(), "nothing", null, null)
                    : policies.get(caller.tenant(), version - 1);
            model.addAttribute("diff", PolicyDiffView.between(after, before));
        });
        return "ui/policies";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/policies/{version}/activate")
    String activate(@AuthenticationPrincipal Caller caller, @PathVariable int version, @RequestParam String reason, RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("problem", "Say why this version should be the active one.");
            return "redirect:/ui/policies";
        }
        policies.activate(caller.actor(), version, reason.strip());
        redirect.addFlashAttribute("notice", "Version " + version + " is active.");
        return "redirect:/ui/policies";
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/learning")
    String learning(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        List<ReliabilityView> reliability = learning.reliability(caller.tenant(), Optional.empty(), Optional.empty(), Optional.empty());
        model.addAttribute("reliability", reliability);
        model.addAttribute("reliabilityChart", Charts.reliability(reliability));
        model.addAttribute("changes", learning.changes(caller.tenant(), 50));
        model.addAttribute("patterns", learning.patterns(caller.tenant(), false));
        model.addAttribute("frozen", learning.frozen(caller.tenant()));
        model.addAttribute("isAdmin", permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.ADMIN));
        return "ui/learning";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/learning/freeze")
    String freeze(@AuthenticationPrincipal Caller caller, @RequestParam String reason, @RequestParam String to, RedirectAttributes redirect) {
        if ("freeze".equals(to)) {
            if (reason.isBlank()) {
                redirect.addFlashAttribute("problem", "Say why the learner should stop publishing.");
                return "redirect:/ui/learning";
            }
            learning.freeze(caller.actor(), reason.strip());
        } else {
            learning.unfreeze(caller.actor(), reason.isBlank() ? null : reason.strip());
        }
        redirect.addFlashAttribute("notice", "freeze".equals(to) ? "The learner is frozen." : "The learner publishes again.");
        return "redirect:/ui/learning";
    }
}
