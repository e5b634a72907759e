package io.cku.shared;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories that use virtual threads when the running JVM has them (Java 21+), platform threads otherwise. */
public final class Threads {

    private Threads() {
    }

    /** Whether this JVM can start virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /** A factory for named threads: virtual when available, daemon platform threads otherwise. */
    public static ThreadFactory factory(String prefix) {
        if (virtualThreadsAvailable()) {
            ThreadFactory virtual = virtualFactory(prefix);
            if (virtual != null) {
                return virtual;
            }
        }
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // Compiled for release 17, so the Java 21 builder API is reached by reflection.
    private static ThreadFactory virtualFactory(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Method name = builderType.getMethod("name", String.class, long.class);
            builder = name.invoke(builder, prefix, 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
