package io.cku.app.ui;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;

import io.cku.auth.Caller;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunNotFound;

/** What every page shows of the signed-in caller, and the parsing the pages share. */
final class Ui {

    private Ui() {
    }

    /**
     * The header's caller: who, which tenant, and what they may do ({@code may}: the permissions' wire names), so that the
     * header offers only the pages the caller may open.
     */
    static void common(Model model, Caller caller) {
        model.addAttribute("who", caller.actor().qualifiedName());
        model.addAttribute("tenant", caller.tenant().value());
        model.addAttribute("roles", caller.roles().stream().map(Enum::name).sorted().toList());
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        model.addAttribute("may", signedIn == null ? Set.of()
                : signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toUnmodifiableSet()));
    }

    /** A run id from a path: one that is not a UUID names no run (404, as for another tenant's run). */
    static RunId runId(String value) {
        try {
            return new RunId(UUID.fromString(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new RunNotFound(value);
        }
    }
}
