package io.cku.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts Code Kit Ultra: every module's beans under {@code io.cku}, wired into one service. */
@SpringBootApplication(scanBasePackages = "io.cku")
@ConfigurationPropertiesScan("io.cku")
@EnableScheduling
public class CkuApplication {

    public static void main(String[] args) {
        SpringApplication.run(CkuApplication.class, args);
    }
}
