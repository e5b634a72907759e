package io.cku.learning.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

/** Each tenant's {@link LearnerState}; a tenant without one was never frozen. */
interface LearnerStates extends JpaRepository<LearnerState, String> {

    /** Makes the tenant's state if it has none (two callers at once make it once). */
    @Modifying
    @Query(value = "INSERT INTO learning_tenants (tenant) VALUES (:tenant) ON CONFLICT (tenant) DO NOTHING", nativeQuery = true)
    void ensure(@Param("tenant") String tenant);

    /**
     * The tenant's state, locked until the transaction ends: people's changes to it (freezes) wait for each other instead
     * of failing, while a learner's change made on an older copy still fails on its version.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM LearnerState s WHERE s.tenant = :tenant")
    Optional<LearnerState> lockedFor(@Param("tenant") String tenant);
}
