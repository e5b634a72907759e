package io.cku.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@link ServiceTest} with a second instance of the service on the same database ({@link #other}), started before the
 * class's first test and closed after its last.
 */
abstract class TwoInstanceTest extends ServiceTest {

    protected static ConfigurableApplicationContext other;

    @BeforeEach
    void startTheOtherInstanceOnce() {
        if (other == null) {
            other = anotherInstance();
        }
    }

    @AfterAll
    static void stopTheOtherInstance() {
        if (other != null) {
            other.close();
            other = null;
        }
    }
}
