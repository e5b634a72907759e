package io.cku.app.ui;

import java.util.List;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.cku.app.web.RequiresPermission;
import io.cku.auth.Caller;
import io.cku.auth.ServiceAccountManagement;
import io.cku.auth.UserManagement;
import io.cku.policy.Permission;
import io.cku.shared.api.ServiceAccountRequest;
import io.cku.shared.api.ServiceAccountView;
import io.cku.shared.api.UserChangeRequest;
import io.cku.shared.api.UserRequest;
import io.swagger.v3.oas.annotations.Hidden;

/** The tenant's people and machines, for its administrators: create, change roles, disable; create and revoke keys. */
@Hidden
@Controller
class UiAdmin {

    private final UserManagement users;
    private final ServiceAccountManagement accounts;

    UiAdmin(UserManagement users, ServiceAccountManagement accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @RequiresPermission(Permission.ADMIN)
    @GetMapping("/ui/admin")
    String admin(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        model.addAttribute("users", users.list(caller.actor(), Optional.empty()));
        model.addAttribute("accounts", accounts.list(caller.actor(), Optional.empty()));
        model.addAttribute("allRoles", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        return "ui/admin";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/admin/users")
    String createUser(@AuthenticationPrincipal Caller caller, @RequestParam String username, @RequestParam String password,
            @RequestParam(required = false) List<String> roles, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        users.create(caller.actor(), new UserRequest(username.strip(), password, null, roles == null ? List.of() : roles, blankToNull(reason)));
        redirect.addFlashAttribute("notice", "User " + username.strip() + " created.");
        return "redirect:/ui/admin";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/admin/users/enabled")
    String enable(@AuthenticationPrincipal Caller caller, @RequestParam String username, @RequestParam boolean enabled,
            @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        users.change(caller.actor(), username, new UserChangeRequest(null, enabled, blankToNull(reason)));
        redirect.addFlashAttribute("notice", "User " + username + (enabled ? " enabled." : " disabled: their sessions have ended."));
        return "redirect:/ui/admin";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/admin/users/roles")
    String roles(@AuthenticationPrincipal Caller caller, @RequestParam String username, @RequestParam(required = false) List<String> roles,
            @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        users.change(caller.actor(), username, new UserChangeRequest(roles == null ? List.of() : roles, null, blankToNull(reason)));
        redirect.addFlashAttribute("notice", "Roles of " + username + " changed.");
        return "redirect:/ui/admin";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/admin/service-accounts")
    String createAccount(@AuthenticationPrincipal Caller caller, @RequestParam String name, @RequestParam(required = false) List<String> roles,
            @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        ServiceAccountView created = accounts.create(caller.actor(),
                new ServiceAccountRequest(name.strip(), null, roles == null ? List.of() : roles, blankToNull(reason)));
        redirect.addFlashAttribute("notice", "Service account " + created.name() + " created.");
        redirect.addFlashAttribute("apiKey", created.apiKey());
        return "redirect:/ui/admin";
    }

    @RequiresPermission(Permission.ADMIN)
    @PostMapping("/ui/admin/service-accounts/revoke")
    String revoke(@AuthenticationPrincipal Caller caller, @RequestParam String id, @RequestParam(defaultValue = "") String reason,
            RedirectAttributes redirect) {
        accounts.revoke(caller.actor(), id, blankToNull(reason));
        redirect.addFlashAttribute("notice", "Service account revoked: its key and tokens stop working now.");
        return "redirect:/ui/admin";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
