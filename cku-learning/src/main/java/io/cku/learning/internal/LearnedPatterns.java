package io.cku.learning.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** What the learner found, per tenant. */
interface LearnedPatterns extends JpaRepository<LearnedPattern, Long> {

    List<LearnedPattern> findByTenantOrderByKindAscSubjectAsc(String tenant);

    List<LearnedPattern> findByTenantAndResolvedAtIsNullOrderByKindAscSubjectAsc(String tenant);
}
