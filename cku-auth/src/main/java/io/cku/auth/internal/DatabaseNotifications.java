package io.cku.auth.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Listens on one PostgreSQL notification channel ({@code LISTEN}) on a connection of its own, and runs {@code onNotice}
 * after each notification that arrives, and once each time it starts listening (for what was notified while it did not).
 * Waiting for a notification sends nothing to the server; after {@code check} without one it sends a {@code SELECT 1}, so
 * that a connection that died quietly is noticed. While it is not listening ({@link #listening()} false) — at start, or after the
 * connection failed, until it is back — the caller must poll instead.
 */
final class DatabaseNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);
    private static final int SLICE_MILLIS = 250;

    private final DataSource dataSource;
    private final String channel;
    private final String name;
    private final Runnable onNotice;
    private final Duration check;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    /**
     * @param channel a plain lower-case identifier: it is written into the LISTEN statement as it is
     * @param name the listening thread's, and the connection's application name (letters, digits and dashes)
     */
    DatabaseNotifications(DataSource dataSource, String channel, Duration check, Runnable onNotice, String name) {
        if (!channel.matches("[a-z_][a-z0-9_]*") || !name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("not a plain channel or name: " + channel + ", " + name);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.name = name;
        this.check = check;
        this.onNotice = onNotice;
        this.thread = new Thread(this::listen, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether notifications are being received now: if not, nothing is heard of other instances' changes. */
    boolean listening() {
        return listening;
    }

    private void listen() {
        int failures = 0;
        while (running) {
            Connection listener = null;
            try {
                listener = dataSource.getConnection();
                listener.setAutoCommit(true);
                try (Statement statement = listener.createStatement()) {
                    // named, so that an operator (or a test) can tell it from the pool's connections in pg_stat_activity
                    statement.execute("SET application_name = '" + name + "'; LISTEN " + channel);
                }
                listening = true;
                if (failures > 0) {
                    log.info("listening on {} again", channel);
                }
                failures = 0;
                onNotice.run();
                follow(listener);
                try (Statement statement = listener.createStatement()) {
                    statement.execute("UNLISTEN *; RESET application_name"); // back into the pool as it came
                }
                listener.close();
                listener = null;
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    failures++;
                    if (failures == 1) {
                        log.warn("stopped listening on {} ({}); polling until it is back", channel, e.getMessage());
                    }
                }
            } finally {
                listening = false;
                if (listener != null) {
                    discard(listener);
                }
            }
            if (running) {
                pause(Math.min(5_000, 250L << Math.min(failures, 5)));
            }
        }
    }

    /**
     * A connection that failed while waiting for notifications: the pool never saw the failure (the wait goes around it),
     * so it would take the connection back as sound and hand it to the next request. It is evicted instead.
     */
    private void discard(Connection failed) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(failed);
            } else {
                failed.close();
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("could not discard the listening connection", e);
        }
    }

    /**
     * Waits for notifications in short slices, so that a stop is noticed soon; waiting sends nothing to the server. A
     * connection quiet for {@code check} is asked a {@code SELECT 1}, as a quiet connection may be a dead one.
     */
    private void follow(Connection listener) throws SQLException {
        PGConnection notices = listener.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        while (running) {
            PGNotification[] arrived = notices.getNotifications(SLICE_MILLIS);
            if (arrived != null && arrived.length > 0) {
                onNotice.run();
                checked = System.nanoTime();
            } else if (System.nanoTime() - checked >= check.toNanos()) {
                try (Statement statement = listener.createStatement()) {
                    statement.execute("SELECT 1");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops listening and gives the connection back, within a slice of the wait. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(SLICE_MILLIS * 4L + 2_000);
    }
}
