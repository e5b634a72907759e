package io.cku.auth.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.auth.AccountExists;
import io.cku.auth.AuthProperties;
import io.cku.auth.SecurityEvent.TenantCreated;
import io.cku.auth.SecurityEvent.UserCreated;
import io.cku.auth.internal.AccountRepository.StoredUser;
import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;

/**
 * On the first start (no user at all), creates tenant {@code default} and its administrator {@code admin}, with the password
 * from {@code CKU_ADMIN_PASSWORD} or, outside prod, a generated one printed once in the log. Later starts change nothing.
 */
@Component
class AdminBootstrap implements InitializingBean {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final AuthProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    AdminBootstrap(AccountRepository accounts, PasswordEncoder passwords, AuthProperties properties, ApplicationEventPublisher events,
            TransactionTemplate transaction) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.properties = properties;
        this.events = events;
        this.transaction = transaction;
    }

    @Override
    public void afterPropertiesSet() {
        if (accounts.anyUser()) {
            return;
        }
        boolean generated = properties.adminPassword().isEmpty();
        String password = generated ? randomPassword() : properties.adminPassword();
        try {
            transaction.executeWithoutResult(status -> create(password));
        } catch (AccountExists raced) {
            return; // another instance bootstrapped at the same moment
        }
        if (generated) {
            log.warn("Created user '{}' in tenant '{}' with the generated password: {}  (shown once; set CKU_ADMIN_PASSWORD to choose it)",
                    ADMIN, TenantId.DEFAULT, password);
        } else {
            log.info("Created user '{}' in tenant '{}' with the password from CKU_ADMIN_PASSWORD", ADMIN, TenantId.DEFAULT);
        }
    }

    private void create(String password) {
        Instant now = Timestamps.now();
        Actor system = Actor.system(TenantId.DEFAULT);
        if (accounts.ensureTenant(TenantId.DEFAULT, now)) {
            events.publishEvent(new TenantCreated(system, TenantId.DEFAULT, "bootstrap on first start", now));
        }
        accounts.insert(new StoredUser(ADMIN, TenantId.DEFAULT, passwords.encode(password), Set.of(Role.ADMIN), true,
                system.qualifiedName(), now, now));
        events.publishEvent(new UserCreated(system, ADMIN, TenantId.DEFAULT, Set.of(Role.ADMIN), "bootstrap on first start", now));
    }

    private static String randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
