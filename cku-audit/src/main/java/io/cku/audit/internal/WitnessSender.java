package io.cku.audit.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cku.audit.AuditProperties;
import io.cku.audit.WitnessSawLargerCheckpoint;
import io.cku.audit.internal.WitnessClient.Answer;
import io.cku.audit.internal.WitnessDeliveries.Delivery;
import io.cku.shared.Timestamps;

/**
 * Sends every signed checkpoint to every witness in {@code cku.audit.witness.urls}, in size order, retrying with capped,
 * jittered exponential backoff. The HTTP call runs outside any transaction and off the scheduler's thread: a delivery is
 * claimed (leased) first and its outcome recorded when the answer comes.
 */
@Component
class WitnessSender {

    private static final Logger log = LoggerFactory.getLogger(WitnessSender.class);

    private final WitnessDeliveries deliveries;
    private final ApplicationEventPublisher events;
    private final List<URI> witnesses;
    private final WitnessBackoff backoff;
    private final WitnessClient client;
    /** Long enough for the answer (at most twice the timeout) to be recorded before another instance may try again. */
    private final Duration lease;

    WitnessSender(WitnessDeliveries deliveries, AuditProperties properties, ApplicationEventPublisher events) {
        AuditProperties.Witness settings = properties.witness();
        this.deliveries = deliveries;
        this.events = events;
        this.witnesses = settings.urls();
        this.backoff = new WitnessBackoff(settings.initialBackoff(), settings.maxBackoff());
        this.client = new WitnessClient(settings.timeout());
        this.lease = settings.timeout().multipliedBy(3);
    }

    @Scheduled(fixedDelayString = "${cku.audit.witness.check-interval:1s}")
    void sendDue() {
        if (witnesses.isEmpty()) {
            return;
        }

        witnesses.forEach(witness -> deliveries.queueNewCheckpoints(witness, Timestamps.now()));
        send(witnesses);
    }

    /** Claims and sends the due head-of-line delivery of each witness; an accepted one is followed by that witness's next. */
    private void send(List<URI> to) {
        Instant now = Timestamps.now();
        for (Delivery delivery : deliveries.claimDue(to, now, now.plus(lease))) {
            client.post(delivery.witness(), delivery.note())
                    .thenAccept(answer -> record(delivery, answer))
                    .exceptionally(error -> {
                        log.warn("Could not record the answer of witness {} to checkpoint {}", delivery.witness(), delivery.size(), error);
                        return null;
                    });
        }
    }

    private void record(Delivery delivery, Answer answer) {
        if (answer instanceof Answer.Accepted accepted) {
            deliveries.delivered(delivery, accepted.body(), Timestamps.now());
            if (delivery.attempt() > 1) {
                log.info("Witness {} accepted checkpoint {} at attempt {}", delivery.witness(), delivery.size(), delivery.attempt());
            }
            send(List.of(delivery.witness()));
        } else if (answer instanceof Answer.Conflict conflict && conflict.witnessSize() > delivery.size()) {
            conflicted(delivery, conflict.witnessSize());
        } else {
            String reason = answer instanceof Answer.Failed failed ? failed.reason()
                    : "HTTP 409 naming size " + ((Answer.Conflict) answer).witnessSize() + ", not larger than this checkpoint's";
            retryLater(delivery, reason);
        }
    }

    private void conflicted(Delivery delivery, long witnessSize) {
        if (!deliveries.conflicted(delivery, witnessSize)) {
            return;
        }

        log.error("Witness {} has seen a checkpoint of size {}, larger than checkpoint {} of this log: the log has lost entries"
                + " it once showed (restored from an old backup, truncated, or forked)", delivery.witness(), witnessSize, delivery.size());
        events.publishEvent(new WitnessSawLargerCheckpoint(delivery.witness(), delivery.size(), witnessSize));
    }

    private void retryLater(Delivery delivery, String reason) {
        Duration wait = backoff.delay(delivery.attempt(), ThreadLocalRandom.current());
        deliveries.failed(delivery, reason, Timestamps.now().plus(wait));
        if (delivery.attempt() == 1) {
            log.warn("Witness {} did not take checkpoint {} ({}); retrying with backoff", delivery.witness(), delivery.size(), reason);
        } else {
            log.debug("Witness {} did not take checkpoint {} at attempt {} ({}); next in {}", delivery.witness(), delivery.size(),
                    delivery.attempt(), reason, wait);
        }
    }
}
