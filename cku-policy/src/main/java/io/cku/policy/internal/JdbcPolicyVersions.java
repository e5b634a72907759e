package io.cku.policy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.policy.PolicyChanged;
import io.cku.policy.PolicyRule;
import io.cku.policy.PolicyRules;
import io.cku.policy.PolicySet;
import io.cku.policy.PolicyStore;
import io.cku.policy.PolicyVersions;
import io.cku.policy.RuleEffect;
import io.cku.shared.Actor;
import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;
import io.cku.shared.api.PolicyRequest;
import io.cku.shared.api.PolicyRequest.RuleRequest;
import io.cku.shared.api.PolicyView;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy versions in PostgreSQL. The POLICY gate reads the tenant's active version through a cache of
 * {@link #CACHE_FOR}: a change made on this instance applies at once, one made on another instance within that time.
 */
@Repository
class JdbcPolicyVersions implements PolicyVersions, PolicyStore {

    private static final int MAX_RULES = 200;
    static final Duration CACHE_FOR = Duration.ofSeconds(2);

    private final Map<TenantId, Cached> active = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    JdbcPolicyVersions(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    @Override
    @Transactional
    public PolicyView publish(Actor by, PolicyRequest request) {
        // the learning loop may withdraw the last rule there was; a person clears rules by publishing the ones to keep
        List<PolicyRule> rules = by.kind() == Actor.Kind.SYSTEM && request.rules() != null && request.rules().isEmpty() ? List.of()
                : rules(request.rules());
        PolicyRules.requireValid(rules);
        boolean activate = request.activate() == null || request.activate();
        String reason = request.reason() == null || request.reason().isBlank() ? "published by " + by.qualifiedName() : request.reason();
        TenantId tenant = by.tenant();

        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('policy:' || ?))").param(tenant.value()).query().singleRow();
        List<RuleRequest> stored = withInheritedLearnedRules(by, request);
        int version = jdbc.sql("SELECT coalesce(max(version), 0) + 1 FROM policy_versions WHERE tenant = ?").param(tenant.value())
                .query(Integer.class).single();
        if (activate) {
            jdbc.sql("UPDATE policy_versions SET active = false WHERE tenant = ? AND active").param(tenant.value()).update();
        }
        Instant now = Timestamps.now();
        jdbc.sql("INSERT INTO policy_versions (tenant, version, rules, active, reason, created_by, created_at) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)")
                .params(tenant.value(), version, json.writeValueAsString(stored), activate, reason, by.qualifiedName(),
                        Timestamp.from(now))
                .update();
        PolicyView view = find(tenant, version).orElseThrow();
        events.publishEvent(new PolicyChanged(by, version, true, activate, reason, now, view));
        evictAfterCommit(tenant);
        return view;
    }

    /**
     * The rules to store: a person who posts no learned rule keeps the active version's learned rules (named as before,
     * after theirs) unless {@code keepLearned} is false; posted learned rules, and the learning loop's own versions, are
     * stored as posted. Under the tenant's policy lock, so a version the learner published a moment ago is the one read.
     */
    private List<RuleRequest> withInheritedLearnedRules(Actor by, PolicyRequest request) {
        List<RuleRequest> posted = request.rules() == null ? List.of() : request.rules();
        boolean asPosted = by.kind() == Actor.Kind.SYSTEM || Boolean.FALSE.equals(request.keepLearned())
                || posted.stream().anyMatch(RuleRequest::learned);
        if (asPosted) {
            return posted;
        }
        java.util.Set<String> names = new java.util.HashSet<>(posted.stream().map(RuleRequest::name).toList());
        List<RuleRequest> inherited = jdbc.sql("SELECT * FROM policy_versions WHERE tenant = ? AND active").param(by.tenant().value())
                .query((rs, n) -> stored(rs)).optional().orElse(List.of()).stream()
                .filter(rule -> rule.learned() && !names.contains(rule.name())).toList();
        if (inherited.isEmpty()) {
            return posted;
        }
        List<RuleRequest> kept = new java.util.ArrayList<>(posted);
        kept.addAll(inherited);
        return kept;
    }

    @Override
    public List<PolicyView> list(TenantId tenant) {
        return jdbc.sql("SELECT * FROM policy_versions WHERE tenant = ? ORDER BY version DESC").param(tenant.value())
                .query((rs, n) -> view(rs)).list();
    }

    @Override
    public PolicyView get(TenantId tenant, int version) {
        return find(tenant, version).orElseThrow(() -> new PolicyVersionNotFound(tenant, version));
    }

    @Override
    @Transactional
    public PolicyView activate(Actor by, int version, String reason) {
        TenantId tenant = by.tenant();
        find(tenant, version).orElseThrow(() -> new PolicyVersionNotFound(tenant, version));
        jdbc.sql("UPDATE policy_versions SET active = false WHERE tenant = ? AND active").param(tenant.value()).update();
        jdbc.sql("UPDATE policy_versions SET active = true WHERE tenant = ? AND version = ?").params(tenant.value(), version).update();
        PolicyView view = find(tenant, version).orElseThrow();
        events.publishEvent(new PolicyChanged(by, version, false, true,
                reason == null || reason.isBlank() ? "activated by " + by.qualifiedName() : reason, Timestamps.now(), view));
        evictAfterCommit(tenant);
        return view;
    }

    @Override
    public Optional<PolicySet> active(TenantId tenant) {
        long now = System.nanoTime();
        Cached cached = active.get(tenant);
        if (cached != null && now - cached.readAt() < CACHE_FOR.toNanos()) {
            return cached.set();
        }
        Optional<PolicySet> set = jdbc.sql("SELECT version, rules FROM policy_versions WHERE tenant = ? AND active").param(tenant.value())
                .query((rs, n) -> new PolicySet(tenant, rs.getInt("version"), rules(stored(rs)))).optional();
        if (active.size() > 10_000) {
            active.clear();
        }
        active.put(tenant, new Cached(set, now));
        return set;
    }

    /** Forgets the cached set once the change is visible, so no evaluation caches the old one after the eviction. */
    private void evictAfterCommit(TenantId tenant) {
        active.remove(tenant);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    active.remove(tenant);
                }
            });
        }
    }

    private record Cached(Optional<PolicySet> set, long readAt) {
    }

    private Optional<PolicyView> find(TenantId tenant, int version) {
        return jdbc.sql("SELECT * FROM policy_versions WHERE tenant = ? AND version = ?").params(tenant.value(), version)
                .query((rs, n) -> view(rs)).optional();
    }

    private PolicyView view(ResultSet rs) throws SQLException {
        return new PolicyView(rs.getString("tenant"), rs.getInt("version"), rs.getBoolean("active"), stored(rs), rs.getString("reason"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }

    private List<RuleRequest> stored(ResultSet rs) throws SQLException {
        return json.readValue(rs.getString("rules"), new TypeReference<List<RuleRequest>>() { });
    }

    /** The request's rules as the gate reads them; unknown effects and missing lists are violations. */
    private static List<PolicyRule> rules(List<RuleRequest> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > MAX_RULES) {
            throw InvalidRequest.of("rules", "give 1 to " + MAX_RULES + " rules");
        }
        List<Violation> violations = new ArrayList<>();
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            RuleRequest rule = requested.get(i);
            if (rule == null) {
                violations.add(new Violation("rules[" + i + "]", "is required"));
                continue;
            }
            RuleEffect effect = effect(rule.effect());
            if (effect == null) {
                violations.add(new Violation("rules[" + i + "].effect", "must be one of DENY, PAUSE, WARN"));
            }
            if (rule.source() != null && !rule.source().equals("person") && !rule.learned()) {
                violations.add(new Violation("rules[" + i + "].source", "must be person or learned"));
            }
            rules.add(new PolicyRule(rule.name(), rule.expression(), effect, rule.message(), Boolean.TRUE.equals(rule.shadow()),
                    rule.learned()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return rules;
    }

    private static RuleEffect effect(String name) {
        try {
            return name == null ? null : RuleEffect.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
