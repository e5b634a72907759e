package io.cku.auth.internal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import io.cku.auth.AccountDirectory;
import io.cku.shared.Actor;
import io.cku.shared.Role;

@Service
class DatabaseAccountDirectory implements AccountDirectory {

    private final AccountRepository accounts;

    DatabaseAccountDirectory(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Set<Role>> activeRoles(Actor actor) {
        return switch (actor.kind()) {
            case SYSTEM -> Optional.of(EnumSet.allOf(Role.class));
            case USER -> accounts.recentUser(actor.name())
                    .filter(user -> user.enabled() && user.tenant().equals(actor.tenant()))
                    .map(AccountRepository.StoredUser::roles);
            case SERVICE_ACCOUNT -> accounts.activeServiceAccount(actor.tenant(), actor.name())
                    .map(AccountRepository.StoredServiceAccount::roles);
        };
    }
}
