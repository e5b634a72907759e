package io.cku.learning.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.shared.api.LearnedChangeView;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The policy learner's changes, which are also its memory: what it published, and what a person took away since. */
@Repository
class JdbcChanges {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcChanges(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A rule the learner added, and whether the version it published was activated. */
    record Change(int policyVersion, boolean activated) {
    }

    void record(String tenant, String kind, PolicyLearner.Key key, Integer policyVersion, Map<String, Object> explanation, Instant at) {
        jdbc.sql("""
                INSERT INTO learning_changes (tenant, kind, skill, target, policy_version, explanation, created_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(tenant, kind, key.skill(), key.target(), policyVersion, json.writeValueAsString(explanation), Timestamp.from(at))
                .update();
    }

    /** The keys whose latest change is a rule the learner added, with that change. */
    Map<PolicyLearner.Key, Change> lastPublished(String tenant) {
        Map<PolicyLearner.Key, Change> published = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (skill, target) skill, target, kind, policy_version, explanation ->> 'activated' AS activated
                FROM learning_changes WHERE tenant = ? ORDER BY skill, target, id DESC""")
                .param(tenant)
                .query(rs -> {
                    if (rs.getString("kind").equals("rule-added")) {
                        published.put(new PolicyLearner.Key(rs.getString("skill"), rs.getString("target")),
                                new Change(rs.getInt("policy_version"), Boolean.parseBoolean(rs.getString("activated"))));
                    }
                });
        return published;
    }

    /** When a person last took each key's learned rule away: the learner needs observations made after that to add it again. */
    Map<PolicyLearner.Key, Instant> pins(String tenant) {
        Map<PolicyLearner.Key, Instant> pins = new HashMap<>();
        jdbc.sql("""
                SELECT skill, target, max(created_at) AS at FROM learning_changes WHERE tenant = ? AND kind = 'rule-removed-by-person'
                GROUP BY skill, target""")
                .param(tenant)
                .query(rs -> {
                    pins.put(new PolicyLearner.Key(rs.getString("skill"), rs.getString("target")), rs.getTimestamp("at").toInstant());
                });
        return pins;
    }

    List<LearnedChangeView> list(String tenant, int limit) {
        return jdbc.sql("SELECT * FROM learning_changes WHERE tenant = ? ORDER BY id DESC LIMIT ?").params(tenant, limit)
                .query((rs, n) -> new LearnedChangeView(rs.getLong("id"), rs.getString("kind"), rs.getString("skill"), rs.getString("target"),
                        (Integer) rs.getObject("policy_version"), json.readValue(rs.getString("explanation"), MAP),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
