package io.cku.auth;

import java.util.Optional;
import java.util.Set;

import io.cku.shared.Actor;
import io.cku.shared.Role;

/** What an account may do now: governance re-checks submitters at every evaluation, not only when they submitted. */
public interface AccountDirectory {

    /**
     * The roles the actor's account holds now; empty when it is disabled, revoked or gone. The service itself
     * ({@link Actor.Kind#SYSTEM}) holds every role.
     */
    Optional<Set<Role>> activeRoles(Actor actor);
}
