package io.cku.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import io.cku.cli.Output.Column;
import io.cku.shared.audit.ExportVerifier;
import io.cku.shared.audit.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code cku audit}: verify the hash-chained audit log, online or offline, and export it. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify and export the hash-chained audit log.",
        subcommands = {Audit.Verify.class, Audit.Export.class},
        footerHeading = "%nExamples:%n", footer = {"  cku audit verify", "  cku audit export -o audit.ndjson",
                "  cku audit verify --offline audit.ndjson --public-key key.txt"})
final class Audit {

    private static final List<Column> OUTCOME = List.of(new Column("VALID", v -> String.valueOf(v.path("valid").asBoolean())),
            Column.of("CHECKED", "checked"), Column.of("FIRST INVALID", "firstInvalidSeq"), Column.of("REASON", "reason"));

    private Audit() {
    }

    /** Where {@code cku audit export -o FILE} puts the signed checkpoint that vouches for the export. */
    static Path checkpointBeside(Path export) {
        return export.resolveSibling(export.getFileName() + ".checkpoint");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {
            "Verify the chain: every hash and link, and the signed checkpoints. Exit 1 when it does not verify.",
            "Online, the service checks its own store; with --offline, this machine checks an export with no server at all",
            "(hashes, links, and the signed checkpoint saved beside it by cku audit export), naming the first bad entry."},
            footerHeading = "%nExamples:%n", footer = {"  cku audit verify", "  cku audit verify --from 1000",
                    "  cku audit verify --offline audit.ndjson --public-key key.txt",
                    "  cku audit verify --offline audit.ndjson --checkpoint cp.txt --public-key \"cku/audit+1a2b3c4d+AbC…\""})
    static final class Verify extends ApiCommand {

        @Option(names = "--from", paramLabel = "SEQ", description = "Verify from this entry on (online)")
        Long from;

        @Option(names = "--offline", paramLabel = "FILE", description = "Verify this export (from cku audit export) here, without the service")
        Path export;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "The signed checkpoint (default: FILE.checkpoint beside the export)")
        Path checkpoint;

        @Option(names = "--public-key", paramLabel = "KEY", description = "The service's verifier key, or a file holding it (GET /audit/public-key)")
        String publicKey;

        @Mixin
        Output output;

        Verify(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            Verification outcome = export != null ? offline() : online();
            JsonNode json = Api.JSON.valueToTree(outcome);
            if (output.format(env) == Output.Format.table) {
                env.out().println(verdict(outcome));
                env.out().flush();
            } else {
                output.print(env, json, OUTCOME, "");
            }
            return outcome.valid() ? ExitCode.OK : ExitCode.FAILED;
        }

        private Verification online() {
            if (checkpoint != null || publicKey != null) {
                throw new CommandFailed(ExitCode.USAGE, "--checkpoint and --public-key are for --offline FILE");
            }
            if (from != null && from < 1) {
                throw new CommandFailed(ExitCode.USAGE, "--from must be at least 1; was " + from);
            }
            return Api.JSON.treeToValue(api().get("/audit/verify" + (from == null ? "" : "?from=" + from)), Verification.class);
        }

        private Verification offline() {
            if (publicKey == null) {
                throw new CommandFailed(ExitCode.USAGE, "--offline needs --public-key KEY (the service's GET /audit/public-key, or a file holding it)");
            }
            if (from != null) {
                throw new CommandFailed(ExitCode.USAGE, "--from is for online verification; an export is verified whole");
            }
            Path signed = checkpoint != null ? checkpoint : checkpointBeside(export);
            ExportVerifier verifier;
            try {
                verifier = new ExportVerifier(key(publicKey));
            } catch (IllegalArgumentException e) {
                throw new CommandFailed(ExitCode.USAGE, "--public-key is not a verifier key: " + e.getMessage());
            }
            try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                return verifier.verify(lines, read(signed, "the signed checkpoint (cku audit export saves it beside the export; or give --checkpoint)"));
            } catch (NoSuchFileException e) {
                throw new CommandFailed(ExitCode.USAGE, "no such file: " + e.getFile());
            } catch (IOException | UncheckedIOException e) {
                throw new CommandFailed(ExitCode.USAGE, "cannot read " + export + ": " + e.getMessage());
            }
        }

        /** The key itself, or the content of the file it names. */
        private static String key(String value) {
            try {
                Path file = Path.of(value);
                return Files.isRegularFile(file) ? Files.readString(file).strip() : value.strip();
            } catch (InvalidPathException | IOException e) {
                return value.strip();
            }
        }

        private static String read(Path file, String what) {
            try {
                return Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CommandFailed(ExitCode.USAGE, "no such file: " + file + ": " + what);
            } catch (IOException e) {
                throw new CommandFailed(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
        }

        private static String verdict(Verification outcome) {
            if (outcome.valid()) {
                return "VALID: " + outcome.checked() + " entries verify" + (outcome.reason() == null ? "" : "; " + outcome.reason());
            }
            return "INVALID" + (outcome.firstInvalidSeq() == null ? "" : " at entry " + outcome.firstInvalidSeq()) + ": " + outcome.reason();
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = {
            "Export the audit log as NDJSON (entries of other tenants reduced to their hashes), with the newest signed",
            "checkpoint saved beside it as FILE.checkpoint, so cku audit verify --offline can check it anywhere."},
            footerHeading = "%nExamples:%n", footer = {"  cku audit export -o audit.ndjson", "  cku audit export --from 5000 -o recent.ndjson"})
    static final class Export extends ApiCommand {

        @Option(names = "--from", paramLabel = "SEQ", description = "Export from this entry on (default 1)")
        Long from;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the export")
        Path file;

        Export(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            if (from != null && from < 1) {
                throw new CommandFailed(ExitCode.USAGE, "--from must be at least 1; was " + from);
            }
            String signed = checkpoint();
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            long lines;
            try (InputStream in = api().open("/audit/export" + (from == null ? "" : "?from=" + from), Map.of("Accept", "application/x-ndjson",
                    "Timeout", "none")).body(); OutputStream out = Files.newOutputStream(partial)) {
                lines = copy(in, out);
            } catch (IOException e) {
                throw new CommandFailed(ExitCode.UNAVAILABLE, "the export stopped: " + e.getMessage() + "; nothing was written to " + file);
            }
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                if (signed != null) {
                    Files.writeString(checkpointBeside(file), signed);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            env.out().println("Wrote " + lines + " entries to " + file + (signed == null ? "" : " and its signed checkpoint to " + checkpointBeside(file)));
            if (signed == null) {
                env.err().println("warning: the service has signed no checkpoint yet, so the export cannot be verified offline until it has");
            }
            return ExitCode.OK;
        }

        /** The newest signed checkpoint, read before the export so the export reaches past it; null when there is none. */
        private String checkpoint() {
            try {
                return api().text("/audit/checkpoints/latest");
            } catch (CommandFailed e) {
                if (e.httpStatus() == 404) {
                    return null;
                }
                throw e;
            }
        }

        private static long copy(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long newlines = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                for (int i = 0; i < read; i++) {
                    newlines += buffer[i] == '\n' ? 1 : 0;
                }
            }
            return newlines;
        }
    }
}
