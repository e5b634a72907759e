package io.cku.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cku users}: people's accounts, for administrators. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Create, list, change and disable users (administrators).",
        subcommands = {Users.ListUsers.class, Users.Create.class, Users.Change.class},
        footerHeading = "%nExamples:%n", footer = {"  cku users list", "  echo \"$PASSWORD\" | cku users create dana --role OPERATOR --password-stdin",
                "  cku users update dana --role OPERATOR --role APPROVER --reason \"on call\"", "  cku users update dana --disable --reason \"left\""})
final class Users {

    static final List<Column> COLUMNS = List.of(Column.of("USERNAME", "username"), Column.of("TENANT", "tenant"),
            new Column("ROLES", u -> String.join(",", u.path("roles").valueStream().map(r -> r.asString()).toList())),
            new Column("ENABLED", u -> String.valueOf(u.path("enabled").asBoolean())), Column.of("CREATED BY", "createdBy"),
            Column.of("CREATED", "createdAt"));

    private Users() {
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "The users of your tenant (or another, for administrators of tenant default).",
            footerHeading = "%nExamples:%n", footer = {"  cku users list", "  cku users list --tenant payments"})
    static final class ListUsers extends ApiCommand {

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Another tenant than your own")
        String tenant;

        @Mixin
        Output output;

        ListUsers(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().get("/admin/users" + (tenant == null ? "" : "?tenant=" + Runs.encode(tenant))), COLUMNS, "No users.");
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user; the password is read from standard input or asked for.",
            footerHeading = "%nExamples:%n", footer = {"  echo \"$PASSWORD\" | cku users create dana --role OPERATOR --password-stdin"})
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "USERNAME", description = "Letters, digits or . _ @ -")
        String username;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "VIEWER, OPERATOR, APPROVER or ADMIN (repeatable)")
        List<String> roles;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "The user's tenant (default: yours)")
        String tenant;

        @Option(names = "--password-stdin", description = "Read the password from standard input")
        boolean passwordStdin;

        @Option(names = {"-r", "--reason"}, description = "Recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Create(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", username);
            user.put("password", password());
            user.put("tenant", tenant);
            user.put("roles", roles);
            user.put("reason", reason);
            output.print(env, api().post("/admin/users", user), COLUMNS, "");
            return ExitCode.OK;
        }

        private String password() {
            if (passwordStdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
                    if (line != null && !line.isEmpty()) {
                        return line;
                    }
                } catch (IOException e) {
                    throw new CommandFailed(ExitCode.USAGE, "cannot read standard input: " + e.getMessage());
                }
                throw new CommandFailed(ExitCode.USAGE, "standard input was empty: pipe in the new user's password");
            }
            if (env.console() == null) {
                throw new CommandFailed(ExitCode.USAGE, "no terminal to ask for the password: pipe it in with --password-stdin");
            }
            char[] password = env.console().readPassword("Password for %s (at least 12 characters): ", username);
            return password == null ? "" : new String(password);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a user's roles, or disable or enable them.",
            footerHeading = "%nExamples:%n", footer = {"  cku users update dana --role APPROVER --reason \"joins the release board\"",
                    "  cku users update dana --disable --reason \"left the company\""})
    static final class Change extends ApiCommand {

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--role", paramLabel = "ROLE", description = "The user's roles from now on (repeatable)")
        List<String> roles;

        @Option(names = "--disable", description = "Disable the user: their sessions end at once")
        boolean disable;

        @Option(names = "--enable", description = "Enable the user again")
        boolean enable;

        @Option(names = {"-r", "--reason"}, description = "Recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Change(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            if (disable && enable) {
                throw new CommandFailed(ExitCode.USAGE, "--disable and --enable are alternatives: give one");
            }
            if (roles == null && !disable && !enable) {
                throw new CommandFailed(ExitCode.USAGE, "nothing to change: give --role, --disable or --enable");
            }
            Map<String, Object> change = new LinkedHashMap<>();
            if (roles != null) {
                change.put("roles", roles);
            }
            if (disable || enable) {
                change.put("enabled", enable);
            }
            change.put("reason", reason);
            output.print(env, api().patch("/admin/users/" + Runs.encode(username), change), COLUMNS, "");
            return ExitCode.OK;
        }
    }
}
