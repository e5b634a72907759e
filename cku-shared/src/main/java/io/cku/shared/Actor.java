package io.cku.shared;

import java.util.Objects;

/**
 * Who did something: a user, a service account, or the service itself. Recorded on runs, events and audit entries.
 *
 * @param name the username, the service account's name, or {@code system}
 */
public record Actor(Kind kind, String name, TenantId tenant) {

    /** The service acting on its own (deadlines, recovery, bootstrap). */
    public static Actor system(TenantId tenant) {
        return new Actor(Kind.SYSTEM, "system", tenant);
    }

    /** The actor written as {@link #qualifiedName()}, in this tenant; an unknown prefix reads as a user. */
    public static Actor parse(String qualifiedName, TenantId tenant) {
        for (Kind kind : Kind.values()) {
            if (qualifiedName.startsWith(kind.prefix + ":")) {
                return new Actor(kind, qualifiedName.substring(kind.prefix.length() + 1), tenant);
            }
        }
        return new Actor(Kind.USER, qualifiedName, tenant);
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenant, "tenant");
    }

    /** A stable one-string form, such as {@code user:alice} or {@code service-account:ci}. */
    public String qualifiedName() {
        return kind.prefix + ":" + name;
    }

    /** The kinds of actor. */
    public enum Kind {
        USER("user"), SERVICE_ACCOUNT("service-account"), SYSTEM("system");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }
}
