package io.cku.app.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.cku.auth.SecurityEvent;
import io.cku.auth.SecurityEvent.LoginFailed;
import io.cku.auth.SecurityEvent.RefreshTokenReused;

/** Writes every security event to the log (logger {@code cku.security}) until the audit log records them durably. */
@Component
class SecurityEventLog {

    private static final Logger log = LoggerFactory.getLogger("cku.security");

    @EventListener
    void on(SecurityEvent event) {
        if (event instanceof LoginFailed || event instanceof RefreshTokenReused) {
            log.warn("{} by {} in tenant {}: {}", event.getClass().getSimpleName(), event.actor().qualifiedName(), event.actor().tenant(),
                    event.reason());
            return;
        }
        log.info("{} by {} in tenant {}: {}", event.getClass().getSimpleName(), event.actor().qualifiedName(), event.actor().tenant(),
                event.reason());
    }
}
