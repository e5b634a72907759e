package io.cku.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.app.CkuApplication;
import io.cku.app.ServiceTest;

/**
 * The learner's per-tenant state is a JPA entity with a version: a change made on a copy someone else changed meanwhile
 * fails instead of overwriting theirs. This is what keeps a policy learner that decided before a freeze from publishing
 * after it.
 * (In the learning module's package, to reach its entity; the same application and context as every service test.)
 */
@SpringBootTest(classes = CkuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LearnerStateLockingTest extends ServiceTest {

    @Autowired
    private LearningRepositories repositories;

    @Autowired
    @Qualifier(LearningJpa.TRANSACTIONS)
    private PlatformTransactionManager transactions;

    @Test
    void aChangeMadeOnAStaleCopyFailsAndTheFreezeMadeMeanwhileStands() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        LearnerStates states = repositories.states();
        String tenant = "lock-" + UUID.randomUUID().toString().substring(0, 8);
        tx.executeWithoutResult(status -> states.save(new LearnerState(tenant)));

        LearnerState learnersCopy = tx.execute(status -> states.findById(tenant).orElseThrow());
        tx.executeWithoutResult(status -> {
            LearnerState persons = states.findById(tenant).orElseThrow();
            persons.freeze("user:alice", "incident 42", Instant.now());
        });

        learnersCopy.considered(Instant.now());
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> states.save(learnersCopy)))
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        LearnerState now = tx.execute(status -> states.findById(tenant).orElseThrow());
        assertThat(now.frozen()).isTrue();
        assertThat(now.frozenReason()).isEqualTo("incident 42");
        assertThat(now.lastConsideredAt()).as("the stale change was not written").isNull();
    }
}
