package io.cku.healing.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.healing.CircuitBreakers;
import io.cku.healing.CircuitKey;
import io.cku.healing.HealingProperties;
import io.cku.shared.FailureClass;

/** Circuits in PostgreSQL, so every instance sees a dependency's circuit open as soon as one opens it. */
@Repository
class JdbcCircuitBreakers implements CircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(JdbcCircuitBreakers.class);

    private final JdbcClient jdbc;
    private final HealingProperties.Circuit settings;

    JdbcCircuitBreakers(JdbcClient jdbc, HealingProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.circuit();
    }

    /**
     * Open until {@code open_until}; once that has passed, the caller whose update moves it one cool-down on is the trial and
     * goes through, and everyone else sees the circuit open until then.
     */
    @Override
    public Optional<Instant> openUntil(CircuitKey key, Instant now) {
        Optional<Instant> until = jdbc.sql("SELECT open_until FROM circuit_breakers WHERE tenant = ? AND skill = ? AND target = ?")
                .params(key.tenant(), key.skill(), key.target())
                .query((rs, n) -> Optional.ofNullable(rs.getObject("open_until", OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .optional().flatMap(open -> open);
        if (until.isEmpty() || until.get().isAfter(now)) {
            return until;
        }
        Instant next = now.plus(settings.coolDown());
        int trial = jdbc.sql("""
                UPDATE circuit_breakers SET open_until = ?, updated_at = ?
                WHERE tenant = ? AND skill = ? AND target = ? AND open_until = ?""")
                .params(at(next), at(now), key.tenant(), key.skill(), key.target(), at(until.get())).update();
        if (trial == 1) {
            log.info("circuit of {} {} (tenant {}) half open: one trial attempt goes through", key.skill(), key.target(), key.tenant());
            return Optional.empty();
        }
        return Optional.of(next);
    }

    @Override
    public List<CircuitState> states(String tenant, Instant now) {
        return jdbc.sql("""
                SELECT skill, target, consecutive_failures, open_until, updated_at FROM circuit_breakers WHERE tenant = ?
                ORDER BY open_until DESC NULLS LAST, updated_at DESC LIMIT 200""")
                .param(tenant)
                .query((rs, n) -> new CircuitState(new CircuitKey(tenant, rs.getString("skill"), rs.getString("target")),
                        rs.getInt("consecutive_failures"),
                        Optional.ofNullable(rs.getObject("open_until", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public void record(CircuitKey key, FailureClass failure, Instant now) {
        if (failure != FailureClass.TRANSIENT) {
            boolean wasOpened = jdbc.sql("""
                    DELETE FROM circuit_breakers WHERE tenant = ? AND skill = ? AND target = ? RETURNING open_until IS NOT NULL""")
                    .params(key.tenant(), key.skill(), key.target()).query(Boolean.class).optional().orElse(false);
            if (wasOpened) {
                log.info("circuit of {} {} (tenant {}) closed: the target answered", key.skill(), key.target(), key.tenant());
            }
            return;
        }
        int threshold = settings.failureThreshold();
        OffsetDateTime reopen = at(now.plus(settings.coolDown()));
        Optional<Instant> openUntil = jdbc.sql("""
                INSERT INTO circuit_breakers AS c (tenant, skill, target, consecutive_failures, open_until, updated_at)
                VALUES (?, ?, ?, 1, CASE WHEN 1 >= ? THEN ?::timestamptz END, ?)
                ON CONFLICT (tenant, skill, target) DO UPDATE SET
                    consecutive_failures = c.consecutive_failures + 1,
                    open_until = CASE WHEN c.consecutive_failures + 1 >= ? THEN ?::timestamptz ELSE c.open_until END,
                    updated_at = EXCLUDED.updated_at
                RETURNING open_until""")
                .params(key.tenant(), key.skill(), key.target(), threshold, reopen, at(now), threshold, reopen)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .single();
        if (openUntil.filter(until -> until.isAfter(now)).isPresent()) {
            log.warn("circuit of {} {} (tenant {}) open until {} after {} or more transient failures in a row", key.skill(), key.target(),
                    key.tenant(), openUntil.get(), threshold);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
