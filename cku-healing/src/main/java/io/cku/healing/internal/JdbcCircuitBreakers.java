package io.cku.healing.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    @Override
    public Optional<Instant> openUntil(CircuitKey key, Instant now) {
        return jdbc.sql("SELECT open_until FROM circuit_breakers WHERE skill = ? AND target = ? AND open_until > ?")
                .params(key.skill(), key.target(), at(now))
                .query((rs, n) -> rs.getObject("open_until", OffsetDateTime.class).toInstant()).optional();
    }

    @Override
    public CircuitState record(CircuitKey key, FailureClass failure, Instant now) {
        if (failure != FailureClass.TRANSIENT) {
            boolean wasOpened = jdbc.sql("DELETE FROM circuit_breakers WHERE skill = ? AND target = ? RETURNING open_until IS NOT NULL")
                    .params(key.skill(), key.target()).query(Boolean.class).optional().orElse(false);
            if (wasOpened) {
                log.info("circuit of {} {} closed: the target answered", key.skill(), key.target());
            }
            return CircuitState.CLOSED;
        }
        int threshold = settings.failureThreshold();
        OffsetDateTime reopen = at(now.plus(settings.coolDown()));
        CircuitState state = jdbc.sql("""
                INSERT INTO circuit_breakers AS c (skill, target, consecutive_failures, open_until, updated_at)
                VALUES (?, ?, 1, CASE WHEN 1 >= ? THEN ?::timestamptz END, ?)
                ON CONFLICT (skill, target) DO UPDATE SET
                    consecutive_failures = c.consecutive_failures + 1,
                    open_until = CASE WHEN c.consecutive_failures + 1 >= ? THEN ?::timestamptz ELSE c.open_until END,
                    updated_at = EXCLUDED.updated_at
                RETURNING consecutive_failures, open_until""")
                .params(key.skill(), key.target(), threshold, reopen, at(now), threshold, reopen)
                .query((rs, n) -> new CircuitState(rs.getInt(1), Optional.ofNullable(rs.getObject(2, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant).orElse(null)))
                .single();
        if (state.openUntil() != null && state.openUntil().isAfter(now)) {
            log.warn("circuit of {} {} open until {} after {} transient failures in a row", key.skill(), key.target(), state.openUntil(),
                    state.consecutiveFailures());
        }
        return state;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
