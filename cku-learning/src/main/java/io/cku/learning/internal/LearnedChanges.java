package io.cku.learning.internal;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** What the policy learner changed, per tenant. */
interface LearnedChanges extends JpaRepository<LearnedChange, Long> {

    List<LearnedChange> findByTenantOrderByIdDesc(String tenant, Limit limit);

    /** The newest change of each key of the tenant. */
    @Query("""
            SELECT c FROM LearnedChange c WHERE c.tenant = :tenant AND c.id IN (
                SELECT max(d.id) FROM LearnedChange d WHERE d.tenant = :tenant GROUP BY d.skill, d.target)""")
    List<LearnedChange> latestPerKey(@Param("tenant") String tenant);

    /** The newest change of the kind for each key of the tenant that has one. */
    @Query("""
            SELECT c FROM LearnedChange c WHERE c.tenant = :tenant AND c.id IN (
                SELECT max(d.id) FROM LearnedChange d WHERE d.tenant = :tenant AND d.kind = :kind GROUP BY d.skill, d.target)""")
    List<LearnedChange> latestOfKind(@Param("tenant") String tenant, @Param("kind") String kind);
}
