package io.cku.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import io.cku.auth.internal.RevocationRepository.Revocation;
import io.cku.shared.Threads;

/**
 * The access tokens and sessions ended before they expire, held in memory so that checking a request costs two map
 * lookups and no query. What this instance revokes applies here at once; what other instances revoke is announced on
 * {@link RevocationRepository#CHANNEL} and read when the notification arrives. While notifications cannot be received (at
 * start, or while the listening connection is lost) {@code revoked_sessions} is read every {@value #POLL_MILLIS} ms
 * instead, so the others are followed within the second they have either way; while they can, an idle instance reads
 * nothing (it read four times a second before).
 */
@Component
class RevokedSessions implements InitializingBean, DisposableBean {

    static final long POLL_MILLIS = 250;
    /** How often the listening connection is checked while no notification arrives. */
    private static final Duration LISTENER_CHECK = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RevokedSessions.class);

    private final RevocationRepository revocations;
    private final DataSource dataSource;
    /** jti or family id → when what it names has expired, and it can be forgotten. */
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private long seen;
    private ScheduledExecutorService poller;
    private DatabaseNotifications notifications;

    RevokedSessions(RevocationRepository revocations, DataSource dataSource) {
        this.revocations = revocations;
        this.dataSource = dataSource;
    }

    /** Whether the token, or the session it was issued in ({@code sessionId} may be null), has been revoked. */
    boolean isRevoked(String tokenId, String sessionId) {
        return tokens.containsKey(tokenId) || sessionId != null && sessions.containsKey(sessionId);
    }

    /** Refuses the access token with this jti until {@code expiresAt}; to be called inside the revoking transaction. */
    void revokeToken(String tokenId, Instant expiresAt) {
        revocations.record(Revocation.Kind.TOKEN, tokenId, expiresAt);
        // at once, before the commit: should the transaction roll back, this instance alone refuses a token the others
        // accept, which is the safe side
        tokens.put(tokenId, expiresAt);
    }

    /** Refuses the access tokens issued in this session until {@code expiresAt}, the latest any of them can expire. */
    void revokeSession(String sessionId, Instant expiresAt) {
        revocations.record(Revocation.Kind.SESSION, sessionId, expiresAt);
        sessions.put(sessionId, expiresAt);
    }

    /** Loads the live revocations before the first request, then follows the table. */
    @Override
    public void afterPropertiesSet() {
        poll();
        // a thread of its own: the shared scheduler's one thread also delivers to witnesses and verifies the chain, which can
        // take seconds, and the other instances' revocations must not wait for that
        notifications = new DatabaseNotifications(dataSource, RevocationRepository.CHANNEL, LISTENER_CHECK, this::poll,
                "cku-revocation-notices");
        poller = Executors.newSingleThreadScheduledExecutor(Threads.factory("cku-revocations-"));
        poller.scheduleWithFixedDelay(this::pollUnlessNotified, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() throws InterruptedException {
        notifications.close();
        poller.shutdownNow();
        poller.awaitTermination(2, TimeUnit.SECONDS); // a poll in progress ends before the data source closes
    }

    private void pollUnlessNotified() {
        if (notifications.listening()) {
            forgetExpired();
        } else {
            poll();
        }
    }

    /** Takes in what any instance revoked since the last poll, and forgets what has expired. */
    synchronized void poll() {
        try {
            for (Revocation revocation : revocations.after(seen)) {
                (revocation.kind() == Revocation.Kind.TOKEN ? tokens : sessions).put(revocation.value(), revocation.expiresAt());
                seen = revocation.id();
            }
        } catch (RuntimeException e) { // a failed poll must not end the polling, which an exception from the task would
            log.warn("Cannot read revoked sessions (other instances' revocations wait until the database answers): {}", e.getMessage());
        }
        forgetExpired();
    }

    private void forgetExpired() {
        Instant now = Instant.now();
        tokens.values().removeIf(expiry -> expiry.isBefore(now));
        sessions.values().removeIf(expiry -> expiry.isBefore(now));
    }
}
