package io.cku.app.wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.app.events.EventsPublished;
import io.cku.app.views.RunViews;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.audit.CheckpointSigned;
import io.cku.audit.WitnessSawLargerCheckpoint;
import io.cku.auth.SecurityEvent;
import io.cku.auth.SecurityEvent.LoginFailed;
import io.cku.auth.SecurityEvent.LoginSucceeded;
import io.cku.auth.SecurityEvent.RefreshTokenReused;
import io.cku.auth.SecurityEvent.ServiceAccountCreated;
import io.cku.auth.SecurityEvent.ServiceAccountRevoked;
import io.cku.auth.SecurityEvent.SessionRevoked;
import io.cku.auth.SecurityEvent.TenantCreated;
import io.cku.auth.SecurityEvent.TokenIssued;
import io.cku.auth.SecurityEvent.TokenRefreshed;
import io.cku.auth.SecurityEvent.UserChanged;
import io.cku.auth.SecurityEvent.UserCreated;
import io.cku.governance.ApprovalEvent;
import io.cku.governance.ApprovalEvent.ApprovalDecided;
import io.cku.governance.ApprovalEvent.ApprovalEscalated;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunEvent;
import io.cku.policy.PolicyChanged;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an audit entry for every run change, security, approval and policy event, just before the transaction that
 * published it commits, so the entry and the change commit or roll back together. An event published outside a
 * transaction (a login) is appended in a transaction of its own.
 */
@Component
class AuditTrail {

    private final AuditLog audit;
    private final EventsPublished published;
    private final RunViews views;
    private final JsonMapper json;

    AuditTrail(AuditLog audit, EventsPublished published, RunViews views, JsonMapper json) {
        this.audit = audit;
        this.published = published;
        this.views = views;
        this.json = json;
    }

    private void appendAll(List<AuditRecord> records) {
        audit.appendAll(records);
        published.recorded(records);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(SecurityEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", event.reason());
        String subject = event.actor().name();
        String action;
        if (event instanceof LoginSucceeded e) {
            action = "login.succeeded";
            details.put("method", e.method());
            details.put("client", e.client());
        } else if (event instanceof LoginFailed e) {
            action = "login.failed";
            details.put("method", e.method());
            details.put("client", e.client());
        } else if (event instanceof TokenIssued e) {
            action = "token.issued";
            details.put("tokenId", e.tokenId());
            details.put("expiresAt", e.expiresAt().toString());
        } else if (event instanceof TokenRefreshed e) {
            action = "token.refreshed";
            details.put("sessionId", e.sessionId());
            details.put("tokenId", e.tokenId());
            details.put("expiresAt", e.expiresAt().toString());
            details.put("client", e.client());
        } else if (event instanceof RefreshTokenReused e) {
            action = "refresh-token.reused";
            details.put("sessionId", e.sessionId());
            details.put("client", e.client());
        } else if (event instanceof SessionRevoked e) {
            action = "session.revoked";
            subject = e.owner().qualifiedName();
            details.put("sessionId", e.sessionId());
            details.put("tokenId", e.tokenId());
        } else if (event instanceof TenantCreated e) {
            action = "tenant.created";
            subject = e.tenant().value();
        } else if (event instanceof UserCreated e) {
            action = "user.created";
            subject = e.username();
            details.put("tenant", e.tenant().value());
            details.put("roles", e.roles().stream().map(Enum::name).sorted().toList());
        } else if (event instanceof UserChanged e) {
            action = "user.changed";
            subject = e.username();
            details.put("roles", e.roles().stream().map(Enum::name).sorted().toList());
            details.put("enabled", e.enabled());
        } else if (event instanceof ServiceAccountCreated e) {
            action = "service-account.created";
            subject = e.name();
            details.put("tenant", e.tenant().value());
            details.put("roles", e.roles().stream().map(Enum::name).sorted().toList());
        } else {
            ServiceAccountRevoked e = (ServiceAccountRevoked) event;
            action = "service-account.revoked";
            subject = e.name();
            details.put("tenant", e.tenant().value());
        }
        appendAll(List.of(new AuditRecord(event.actor(), action, subject, details)));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(ApprovalEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        String action;
        if (event instanceof ApprovalDecided e) {
            action = e.approved() ? "approval.given" : "approval.refused";
            details.put("gate", e.gate().name());
            details.put("counted", e.counted());
            details.put("reason", e.reason());
        } else if (event instanceof ApprovalEvent.StepApprovalDecided e) {
            action = e.approved() ? "approval.given" : "approval.refused";
            details.put("step", e.step());
            details.put("counted", e.counted());
            details.put("reason", e.reason());
        } else if (event instanceof ApprovalEscalated e) {
            action = "approval.escalated";
            details.put("gate", e.gate());
            details.put("newDeadline", e.newDeadline().toString());
        } else {
            ApprovalEvent.ApprovalExpired e = (ApprovalEvent.ApprovalExpired) event;
            action = "approval.expired";
            details.put("gate", e.gate());
        }
        appendAll(List.of(new AuditRecord(event.actor(), action, event.runId().toString(), details)));
    }

    /**
     * Run changes are published only inside the transaction that stores them (RunRows insists). Each entry holds, besides
     * the change's details, the changed object as the API shows it at that moment ({@code view}): what its event carries.
     * The view is stored as its JSON text, a string member: hashed as written, it needs no canonical form of its own (which
     * cost a sixth of the service's CPU under the run benchmark) and streams as it is, without being parsed again.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(RunChanged event) {
        String run = event.after().id().toString();
        List<RunChanged.Change> changes = event.changes();
        List<AuditRecord> records = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Map<String, Object> details = new LinkedHashMap<>(changes.get(i).details());
            details.put(RunViews.AUDIT_MEMBER, json.writeValueAsString(view(event.after(), event.events().get(i))));
            records.add(new AuditRecord(event.actor(), changes.get(i).action(), run, details));
        }
        appendAll(records);
    }

    /** The object a run's event is about, as the API shows it: the run's summary, a gate decision, a step, a healing action. */
    private Object view(Run run, RunEvent event) {
        return event.accept(new RunEvent.Visitor<>() {
            public Object submitted(RunEvent.RunSubmitted submitted) {
                return views.summary(submitted.run());
            }

            public Object gateDecided(RunEvent.GateDecided decided) {
                return RunViews.view(decided.gate());
            }

            public Object stepChanged(RunEvent.StepChanged changed) {
                return views.view(changed.step());
            }

            public Object healingActed(RunEvent.HealingActed acted) {
                return RunViews.view(acted.action());
            }

            public Object statusChanged(RunEvent.StatusChanged changed) {
                return views.summary(run);
            }
        });
    }

    /** A witness saw a larger checkpoint: the log lost entries it once showed. Recorded in the chain that lost them. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(WitnessSawLargerCheckpoint event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkpointSize", event.checkpointSize());
        details.put("witnessSize", event.witnessSize());
        appendAll(List.of(new AuditRecord(Actor.system(TenantId.DEFAULT), "audit.witness-conflict", event.witness().toString(), details)));
    }

    /** A signed checkpoint was stored: the entry after those it covers says so (and streams as audit.checkpoint-signed). */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(CheckpointSigned event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", event.size());
        details.put("headHash", event.headHash());
        details.put("note", event.note());
        appendAll(List.of(new AuditRecord(Actor.system(TenantId.DEFAULT), "audit.checkpoint-signed", "checkpoint " + event.size(), details)));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(PolicyChanged event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", event.version());
        details.put("active", event.active());
        details.put("reason", event.reason());
        details.put("source", event.view().source());
        details.put(RunViews.AUDIT_MEMBER, json.writeValueAsString(event.view()));
        appendAll(List.of(new AuditRecord(event.actor(), event.published() ? "policy.published" : "policy.activated",
                "policy v" + event.version(), details)));
    }
}
