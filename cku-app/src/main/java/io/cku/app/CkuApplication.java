package io.cku.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration;
import org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts Code Kit Ultra: every module's beans under {@code io.cku}, wired into one service. */
// Identities are CKU's own (cku-auth, bearer tokens); Spring Boot's in-memory user with a logged password must not exist.
// JPA and Spring Data serve the learning module's entities only, which it sets up itself after the service is ready
// (LearningJpa, LearningRepositories): Boot's JPA and Spring Data set-up would scan, build and wait at start for what
// nothing else uses.
@SpringBootApplication(scanBasePackages = "io.cku", exclude = {UserDetailsServiceAutoConfiguration.class,
        HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class, DataRepositoryMetricsAutoConfiguration.class,
        DataWebAutoConfiguration.class})
@ConfigurationPropertiesScan("io.cku")
@EnableScheduling
public class CkuApplication {

    public static void main(String[] args) {
        SpringApplication.run(CkuApplication.class, args);
    }
}
