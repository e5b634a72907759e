package io.cku.auth;

import java.util.List;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.UserChangeRequest;
import io.cku.shared.api.UserRequest;
import io.cku.shared.api.UserView;

/**
 * Users, managed by administrators. An administrator manages their own tenant; administrators of the default (platform)
 * tenant manage every tenant, and create a tenant by creating its first user.
 */
public interface UserManagement {

    /** Validates and stores a new user; throws {@link io.cku.shared.InvalidRequest}, {@link AccountExists}, {@link OutsideTenant}. */
    UserView create(Actor by, UserRequest request);

    /** The users of a tenant (the administrator's own when empty), by username. */
    List<UserView> list(Actor by, Optional<TenantId> tenant);

    /**
     * Changes roles or the enabled state; a disabled user's tokens stop working at once and their sessions are ended (see
     * {@link Sessions}). Throws {@link AccountNotFound}.
     */
    UserView change(Actor by, String username, UserChangeRequest request);
}
