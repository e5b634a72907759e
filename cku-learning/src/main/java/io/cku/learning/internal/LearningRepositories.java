package io.cku.learning.internal;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.data.repository.core.support.PersistenceExceptionTranslationRepositoryProxyPostProcessor;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.stereotype.Component;

import jakarta.persistence.EntityManagerFactory;

/**
 * The learning module's Spring Data repositories, made on first use from the entity manager factory (which is built once
 * the service is ready, see {@link LearningJpa}) rather than registered while the context starts: nothing of Spring
 * Data or Hibernate is on the start's path. Their calls join the caller's {@code learningTransactionManager}
 * transaction, and their exceptions are Spring's (an optimistic locking failure is an
 * {@link org.springframework.orm.ObjectOptimisticLockingFailureException}).
 */
@Component
class LearningRepositories {

    private final JpaTransactionManager transactions;
    private final ListableBeanFactory beans;
    private volatile Made made;

    LearningRepositories(@Qualifier(LearningJpa.TRANSACTIONS) @Lazy JpaTransactionManager transactions, ListableBeanFactory beans) {
        this.transactions = transactions;
        this.beans = beans;
    }

    private record Made(LearnerStates states, LearnedChanges changes, LearnedPatterns patterns) {
    }

    LearnerStates states() {
        return made().states();
    }

    LearnedChanges changes() {
        return made().changes();
    }

    LearnedPatterns patterns() {
        return made().patterns();
    }

    private Made made() {
        Made known = made;
        if (known == null) {
            synchronized (this) {
                if (made == null) {
                    // the very factory the transaction manager binds entity managers to, so the repositories join its transactions
                    EntityManagerFactory entityManagerFactory = transactions.getEntityManagerFactory();
                    JpaRepositoryFactory factory = new JpaRepositoryFactory(SharedEntityManagerCreator.createSharedEntityManager(
                            entityManagerFactory));
                    factory.addRepositoryProxyPostProcessor(new PersistenceExceptionTranslationRepositoryProxyPostProcessor(beans));
                    made = new Made(factory.getRepository(LearnerStates.class), factory.getRepository(LearnedChanges.class),
                            factory.getRepository(LearnedPatterns.class));
                }
                known = made;
            }
        }
        return known;
    }
}
