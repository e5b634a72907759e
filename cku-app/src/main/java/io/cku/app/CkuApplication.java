package io.cku.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts Code Kit Ultra: every module's beans under {@code io.cku}, wired into one service. */
// Identities are CKU's own (cku-auth, bearer tokens); Spring Boot's in-memory user with a logged password must not exist.
// JPA serves the learning module's entities only, which it configures itself (LearningJpa): Boot's JPA set-up would scan,
// build and wait for what nothing uses at start.
@SpringBootApplication(scanBasePackages = "io.cku", exclude = {UserDetailsServiceAutoConfiguration.class,
        HibernateJpaAutoConfiguration.class})
@ConfigurationPropertiesScan("io.cku")
@EnableScheduling
public class CkuApplication {

    public static void main(String[] args) {
        SpringApplication.run(CkuApplication.class, args);
    }
}
