package io.cku.learning.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.learning.LearningProperties;
import io.cku.learning.Scores;
import io.cku.shared.api.ReliabilityView;

/**
 * The reliability of every key: decayed success and failure counts. A batch of outcomes moves all its keys in one
 * statement, so a thousand runs a second on one key do not queue on its row a thousand times.
 */
@Repository
class JdbcReliability {

    /** Counts a batch adds to one key; a recovery is a success on a later attempt than the first. */
    record Added(double successes, double failures, long observations, Instant lastAt, long recoveries, long recoveryAttempts) {

        Added(double successes, double failures, long observations, Instant lastAt) {
            this(successes, failures, observations, lastAt, 0, 0);
        }

        Added plus(boolean succeeded, int attempt, Instant at) {
            boolean recovered = succeeded && attempt > 1;
            return new Added(successes + (succeeded ? 1 : 0), failures + (succeeded ? 0 : 1), observations + 1,
                    at.isAfter(lastAt) ? at : lastAt, recoveries + (recovered ? 1 : 0), recoveryAttempts + (recovered ? attempt : 0));
        }

        Added merged(Added other) {
            return new Added(successes + other.successes, failures + other.failures, observations + other.observations,
                    lastAt.isAfter(other.lastAt) ? lastAt : other.lastAt, recoveries + other.recoveries,
                    recoveryAttempts + other.recoveryAttempts);
        }
    }

    /** A key's stored counts. */
    record Stored(LearningKey key, double successes, double failures, long observations, Instant lastAt) {
    }

    private static final String UPSERT = """
            INSERT INTO learning_reliability AS r (tenant, skill, target, mode, successes, failures, observations, last_at, recoveries,
                recovery_attempts)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::int8[], ?::timestamptz[],
                ?::int8[], ?::int8[])
            ON CONFLICT (tenant, skill, target, mode) DO UPDATE SET
                successes = r.successes * power(0.5, greatest(0, extract(epoch FROM excluded.last_at - r.last_at)) / ?) + excluded.successes,
                failures = r.failures * power(0.5, greatest(0, extract(epoch FROM excluded.last_at - r.last_at)) / ?) + excluded.failures,
                observations = r.observations + excluded.observations,
                recoveries = r.recoveries + excluded.recoveries,
                recovery_attempts = r.recovery_attempts + excluded.recovery_attempts,
                last_at = greatest(r.last_at, excluded.last_at)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final LearningProperties properties;

    JdbcReliability(JdbcClient jdbc, DataSource dataSource, LearningProperties properties) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.properties = properties;
    }

    /** Adds a batch's counts, decaying what each key held to the batch's newest observation of it. In the caller's transaction. */
    void add(Map<LearningKey, Added> added) {
        if (added.isEmpty()) {
            return;
        }
        List<Map.Entry<LearningKey, Added>> rows = new ArrayList<>(added.entrySet());
        double halfLifeSeconds = properties.halfLife().toMillis() / 1000.0;
        template.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setArray(1, texts(connection, rows.stream().map(row -> row.getKey().tenant()).toArray()));
                upsert.setArray(2, texts(connection, rows.stream().map(row -> row.getKey().skill()).toArray()));
                upsert.setArray(3, texts(connection, rows.stream().map(row -> row.getKey().target()).toArray()));
                upsert.setArray(4, texts(connection, rows.stream().map(row -> row.getKey().mode()).toArray()));
                upsert.setArray(5, connection.createArrayOf("float8", rows.stream().map(row -> row.getValue().successes()).toArray()));
                upsert.setArray(6, connection.createArrayOf("float8", rows.stream().map(row -> row.getValue().failures()).toArray()));
                upsert.setArray(7, connection.createArrayOf("int8", rows.stream().map(row -> row.getValue().observations()).toArray()));
                upsert.setArray(8, connection.createArrayOf("timestamptz",
                        rows.stream().map(row -> Timestamp.from(row.getValue().lastAt())).toArray()));
                upsert.setArray(9, connection.createArrayOf("int8", rows.stream().map(row -> row.getValue().recoveries()).toArray()));
                upsert.setArray(10, connection.createArrayOf("int8", rows.stream().map(row -> row.getValue().recoveryAttempts()).toArray()));
                upsert.setDouble(11, halfLifeSeconds);
                upsert.setDouble(12, halfLifeSeconds);
                return upsert.executeUpdate();
            }
        });
    }

    private static java.sql.Array texts(Connection connection, Object[] values) throws java.sql.SQLException {
        return connection.createArrayOf("text", values);
    }

    /**
     * Takes counts added at {@code at} out of a key again: each weighed by the decay it has had since, so the key is what it
     * would be had they never been added. In the caller's transaction.
     */
    void subtract(LearningKey key, Added counts, Instant at) {
        double halfLifeSeconds = properties.halfLife().toMillis() / 1000.0;
        jdbc.sql("""
                UPDATE learning_reliability SET
                    successes = greatest(0, successes - ? * power(0.5, greatest(0, extract(epoch FROM last_at - ?)) / ?)),
                    failures = greatest(0, failures - ? * power(0.5, greatest(0, extract(epoch FROM last_at - ?)) / ?)),
                    observations = greatest(0, observations - ?),
                    recoveries = greatest(0, recoveries - ?),
                    recovery_attempts = greatest(0, recovery_attempts - ?)
                WHERE tenant = ? AND skill = ? AND target = ? AND mode = ?""")
                .params(counts.successes(), Timestamp.from(at), halfLifeSeconds, counts.failures(), Timestamp.from(at), halfLifeSeconds,
                        counts.observations(), counts.recoveries(), counts.recoveryAttempts(), key.tenant(), key.skill(), key.target(),
                        key.mode())
                .update();
    }

    /** The tenant's keys, filtered by whichever of skill, target and mode are given. */
    List<Stored> of(String tenant, Optional<String> skill, Optional<String> target, Optional<String> mode) {
        return jdbc.sql("""
                SELECT * FROM learning_reliability WHERE tenant = ?
                AND (?::text IS NULL OR skill = ?) AND (?::text IS NULL OR target = ?) AND (?::text IS NULL OR mode = ?)
                ORDER BY skill, target, mode""")
                .params(tenant, skill.orElse(null), skill.orElse(null), target.orElse(null), target.orElse(null), mode.orElse(null),
                        mode.orElse(null))
                .query((rs, n) -> new Stored(new LearningKey(tenant, rs.getString("skill"), rs.getString("target"), rs.getString("mode")),
                        rs.getDouble("successes"), rs.getDouble("failures"), rs.getLong("observations"),
                        rs.getTimestamp("last_at").toInstant()))
                .list();
    }

    /** How many steps on the skill and target recovered on a later attempt, over every mode, and their attempts added up. */
    long[] recoveries(String tenant, String skill, String target) {
        return jdbc.sql("""
                SELECT coalesce(sum(recoveries), 0), coalesce(sum(recovery_attempts), 0) FROM learning_reliability
                WHERE tenant = ? AND skill = ? AND target = ?""")
                .params(tenant, skill, target).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    /** Every key of the tenant, its modes added up, decayed to now. */
    Map<PolicyLearner.Key, PolicyLearner.Judged> judged(String tenant, Instant now) {
        Map<PolicyLearner.Key, PolicyLearner.Judged> judged = new java.util.LinkedHashMap<>();
        for (Stored stored : of(tenant, Optional.empty(), Optional.empty(), Optional.empty())) {
            PolicyLearner.Judged seen = decayed(stored, now);
            judged.merge(seen.key(), seen, PolicyLearner.Judged::plus);
        }
        return judged;
    }

    /** The skill on the target in the tenant, its modes added up, decayed to now; empty when never observed. */
    Optional<PolicyLearner.Judged> judged(String tenant, String skill, String target, Instant now) {
        return of(tenant, Optional.of(skill), Optional.of(target), Optional.empty()).stream().map(stored -> decayed(stored, now))
                .reduce(PolicyLearner.Judged::plus);
    }

    /** A key's counts decayed to now, under its skill and target only. */
    private PolicyLearner.Judged decayed(Stored stored, Instant now) {
        double weight = Scores.decay(stored.lastAt(), now, properties.halfLife());
        return new PolicyLearner.Judged(new PolicyLearner.Key(stored.key().skill(), stored.key().target()), stored.successes() * weight,
                stored.failures() * weight, stored.observations(), stored.lastAt());
    }

    /** Per skill and target of the tenant, over every mode: how many steps recovered on a later attempt, and their attempts added up. */
    Map<PolicyLearner.Key, long[]> recoveries(String tenant) {
        Map<PolicyLearner.Key, long[]> recovered = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                SELECT skill, target, sum(recoveries) AS recoveries, sum(recovery_attempts) AS attempts FROM learning_reliability
                WHERE tenant = ? GROUP BY skill, target HAVING sum(recoveries) > 0 ORDER BY skill, target""")
                .param(tenant)
                .query(rs -> {
                    recovered.put(new PolicyLearner.Key(rs.getString("skill"), rs.getString("target")),
                            new long[] {rs.getLong("recoveries"), rs.getLong("attempts")});
                });
        return recovered;
    }

    /** A key as seen at {@code now}: its counts decayed since its last observation. */
    ReliabilityView view(Stored stored, Instant now) {
        double weight = Scores.decay(stored.lastAt(), now, properties.halfLife());
        double successes = stored.successes() * weight;
        double failures = stored.failures() * weight;
        return new ReliabilityView(stored.key().skill(), stored.key().target(), stored.key().mode(), stored.observations(),
                Scores.shown(successes), Scores.shown(failures), Scores.shown(Scores.mean(successes, failures)), Scores.shown(Scores.lowerBound(successes, failures)),
                stored.lastAt());
    }
}
