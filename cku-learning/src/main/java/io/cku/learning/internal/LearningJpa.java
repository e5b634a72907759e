package io.cku.learning.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import javax.sql.DataSource;

import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import jakarta.persistence.EntityManagerFactory;

/**
 * The learning module's aggregates (learner state, learned changes, patterns) are JPA entities with Spring Data
 * repositories. Their transactions go through their own {@link JpaTransactionManager}, which also carries the module's
 * JdbcClient statements on the same connection; the rest of the service keeps its plain JDBC transactions (the
 * application declares that one as the primary transaction manager), so no request or worker pays for an entity manager.
 * <p>
 * Nothing on a run's path needs JPA (outcomes, reliability and the gates' reads are plain JDBC), so Hibernate starts once
 * the service is ready, on a thread of its own, instead of adding seconds to every start: the entity manager factory is
 * built by {@link AfterReady}, and the Spring Data repositories are made on first use ({@link LearningRepositories}), not
 * registered while the context starts. A learning call made in those seconds waits.
 */
@Configuration(proxyBeanMethods = false)
class LearningJpa {

    static final String TRANSACTIONS = "learningTransactionManager";

    @Bean(TRANSACTIONS)
    @Lazy
    JpaTransactionManager learningTransactionManager(EntityManagerFactory entityManagerFactory, DataSource dataSource) {
        JpaTransactionManager transactions = new JpaTransactionManager(entityManagerFactory);
        transactions.setDataSource(dataSource);
        return transactions;
    }

    @Bean
    static AfterReady jpaBootstrap() {
        return new AfterReady(Duration.ofSeconds(60));
    }

    /**
     * The learning module's persistence unit: its own entities, Hibernate on PostgreSQL, built by {@link AfterReady}.
     * {@code cku.learning.ddl-auto} ({@code none}; the tests set {@code validate}) is Hibernate's {@code hbm2ddl.auto}: Flyway
     * owns the schema, and the tests check the entities against it.
     */
    @Bean
    LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource, AfterReady jpaBootstrap,
            @Value("${cku.learning.ddl-auto:none}") String ddlAuto) {
        LocalContainerEntityManagerFactoryBean factory = new NotAwaitedAtStart();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan(LearningJpa.class.getPackageName());
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setEntityManagerFactoryInterface(EntityManagerFactory.class); // not Hibernate's SessionFactory: a smaller proxy to make at start
        factory.setJpaPropertyMap(Map.of(
                "hibernate.physical_naming_strategy", PhysicalNamingStrategySnakeCaseImpl.class.getName(),
                "hibernate.hbm2ddl.auto", ddlAuto));
        factory.setBootstrapExecutor(jpaBootstrap);
        return factory;
    }

    /** Spring waits for a factory built in the background before the context is ready; this one is built after. */
    static final class NotAwaitedAtStart extends LocalContainerEntityManagerFactoryBean {

        @Override
        public void afterSingletonsInstantiated() {
            // built once the service is ready: whoever uses it first waits for it
        }
    }

    /**
     * Runs what it is given on a thread of its own once the service is ready (or, should anything wait for it before that,
     * after {@code latest} at the latest, so nothing can wait forever).
     */
    static final class AfterReady implements AsyncTaskExecutor, ApplicationListener<ApplicationReadyEvent> {

        private final List<Runnable> waiting = new ArrayList<>();
        private boolean started;

        AfterReady(Duration latest) {
            Thread deadline = new Thread(() -> {
                try {
                    Thread.sleep(latest.toMillis());
                    startAll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cku-jpa-deadline");
            deadline.setDaemon(true);
            deadline.start();
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent ready) {
            startAll();
        }

        private void startAll() {
            List<Runnable> now;
            synchronized (this) {
                started = true;
                now = List.copyOf(waiting);
                waiting.clear();
            }
            now.forEach(this::startThread);
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (!started) {
                    waiting.add(task);
                    return;
                }
            }
            startThread(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            FutureTask<T> future = new FutureTask<>(task);
            execute(future);
            return future;
        }

        @Override
        public Future<?> submit(Runnable task) {
            FutureTask<Object> future = new FutureTask<>(task, null);
            execute(future);
            return future;
        }

        private void startThread(Runnable task) {
            Thread thread = new Thread(task, "cku-jpa-start");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
