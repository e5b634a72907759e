package io.cku.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code cku service-accounts}: machine identities with API keys, for administrators. */
@Command(name = "service-accounts", aliases = "sa", mixinStandardHelpOptions = true, description = "Create, list and revoke service accounts (administrators).",
        subcommands = {ServiceAccounts.ListAccounts.class, ServiceAccounts.Create.class, ServiceAccounts.Revoke.class},
        footerHeading = "%nExamples:%n", footer = {"  cku service-accounts create github-actions --role OPERATOR --reason \"CI deploys\"",
                "  cku service-accounts list", "  cku service-accounts revoke 6108… --reason \"key leaked\""})
final class ServiceAccounts {

    static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("TENANT", "tenant"),
            new Column("ROLES", a -> String.join(",", a.path("roles").valueStream().map(r -> r.asString()).toList())),
            Column.of("CREATED", "createdAt"), Column.of("REVOKED", "revokedAt"));

    private ServiceAccounts() {
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "The service accounts of your tenant (or another's).",
            footerHeading = "%nExamples:%n", footer = {"  cku service-accounts list", "  cku service-accounts list --tenant payments -o json"})
    static final class ListAccounts extends ApiCommand {

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Another tenant than your own")
        String tenant;

        @Mixin
        Output output;

        ListAccounts(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().get("/admin/service-accounts" + (tenant == null ? "" : "?tenant=" + Runs.encode(tenant))), COLUMNS,
                    "No service accounts.");
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a service account and print its API key.",
            "The key is shown this once: store it in your CI's secrets; log in with it by cku login --api-key-stdin."},
            footerHeading = "%nExamples:%n", footer = {"  cku service-accounts create github-actions --role OPERATOR --reason \"CI deploys\""})
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "VIEWER, OPERATOR, APPROVER or ADMIN (repeatable)")
        List<String> roles;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "The account's tenant (default: yours)")
        String tenant;

        @Option(names = {"-r", "--reason"}, description = "Recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Create(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("name", name);
            account.put("tenant", tenant);
            account.put("roles", roles);
            account.put("reason", reason);
            JsonNode created = api().post("/admin/service-accounts", account);
            output.print(env, created, COLUMNS, "");
            if (output.format(env) == Output.Format.table) {
                env.out().println();
                env.out().println("API key (shown this once, store it now): " + created.path("apiKey").asString());
                env.out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a service account: its key and every token issued for it stop working at once.",
            footerHeading = "%nExamples:%n", footer = {"  cku service-accounts revoke 6108… --reason \"key leaked\""})
    static final class Revoke extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-r", "--reason"}, description = "Recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Revoke(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().delete("/admin/service-accounts/" + Runs.encode(id) + (reason == null ? "" : "?reason=" + Runs.encode(reason))),
                    COLUMNS, "");
            return ExitCode.OK;
        }
    }
}
