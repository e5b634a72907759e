package io.cku.app.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * With no {@code CKU_DB_URL}, the service runs its own PostgreSQL (real binaries from Maven Central) on a data
 * directory under {@code cku.data-dir}, so runs survive restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${cku.db.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /**
     * The embedded library is made for throwaway test databases: it starts PostgreSQL with fsync off ({@code -F}) and
     * synchronous_commit off. Here it holds accepted runs and the audit chain, so durability is switched back on unless
     * {@code cku.db.embedded.durable} is false (a benchmark or a test suite). Spring closes the server as the last bean
     * (the data source depends on it), never the library's own shutdown hook, which ran at the same time as Spring's
     * and pulled the database away from the audit sequencer while it linked the last entries.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${cku.data-dir}") Path dataDir,
            @Value("${cku.db.embedded.durable:true}") boolean durable) throws IOException {
        Path pgData = dataDir.toAbsolutePath().resolve("postgres");
        Files.createDirectories(pgData.getParent());
        OrphanedPostgres.stopIfRunning(pgData);
        log.info("starting embedded PostgreSQL on {}", pgData);
        if (!durable) {
            log.warn("cku.db.embedded.durable=false: the embedded PostgreSQL runs with fsync, full_page_writes and "
                    + "synchronous_commit off; a crash of the host (power loss, kernel panic) can lose accepted runs and "
                    + "audit entries or corrupt the database. Use it for benchmarks and tests only.");
        }
        String onOff = durable ? "on" : "off";
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", onOff)
                .setServerConfig("full_page_writes", onOff)
                .setServerConfig("synchronous_commit", onOff)
                .start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, @Value("${cku.db.pool-size:24}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("cku-embedded");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
