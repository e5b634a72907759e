package io.cku.app.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.cku.auth.Caller;
import io.cku.policy.Permission;

/** A request's verified caller; its authorities are the permissions its roles grant in its tenant. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    public CallerAuthentication(Caller caller, java.util.Set<Permission> permissions) {
        super(permissions.stream().map(p -> new SimpleGrantedAuthority(p.wireName())).toList());
        this.caller = caller;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return List.of();
    }

    /** Unique across tenants and kinds of account: the key of per-principal rate limits. */
    @Override
    public String getName() {
        return caller.tenant() + "/" + caller.actor().qualifiedName();
    }
}
