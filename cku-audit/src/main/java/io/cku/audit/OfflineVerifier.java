package io.cku.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an audit export outside the service, with only the JDK and Jackson on the class path. Prints a one-line verdict,
 * then the outcome as JSON in the form {@code /audit/verify} answers; exits {@value #VALID} when the export verifies,
 * {@value #INVALID} when it does not, {@value #ERROR} on a usage error or a file that cannot be read.
 */
public final class OfflineVerifier {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int ERROR = 2;

    static final String USAGE = "usage: java -cp <class path> io.cku.audit.OfflineVerifier --export <export.ndjson | -> "
            + "--checkpoint <signed checkpoint file> --public-key <verifier key | file holding it>";

    private static final List<String> OPTIONS = List.of("--export", "--checkpoint", "--public-key");

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.in, out, err));
    }

    /** Runs the verifier as {@link #main} does and returns the exit code; {@code --export -} reads {@code stdin}. */
    public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(USAGE);
            return VALID;
        }

        Map<String, String> options;
        ExportVerifier verifier;
        try {
            options = options(args);
            verifier = new ExportVerifier(publicKey(options.get("--public-key")));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ERROR;
        }

        try (BufferedReader export = reader(options.get("--export"), stdin)) {
            Verification outcome = verifier.verify(export, Files.readString(Path.of(options.get("--checkpoint"))));
            out.println(verdict(outcome));
            out.println(JsonMapper.builder().build().writeValueAsString(outcome));
            return outcome.valid() ? VALID : INVALID;
        } catch (IOException | InvalidPathException e) {
            err.println("error: cannot read " + e.getMessage());
            return ERROR;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            if (options.put(args[i], args[i + 1]) != null) {
                throw new IllegalArgumentException(args[i] + " is given twice");
            }
        }
        for (String option : OPTIONS) {
            if (!options.containsKey(option)) {
                throw new IllegalArgumentException(option + " is missing");
            }
        }
        return options;
    }

    /** The key itself, or the content of the file it names. */
    private static String publicKey(String value) {
        try {
            Path file = Path.of(value);
            return Files.isRegularFile(file) ? Files.readString(file).strip() : value.strip();
        } catch (InvalidPathException | IOException e) {
            return value.strip();
        }
    }

    /** Malformed UTF-8 is read as U+FFFD, so it fails the hashes at its entry instead of stopping the walk. */
    private static BufferedReader reader(String export, InputStream stdin) throws IOException {
        InputStream in = export.equals("-") ? stdin : Files.newInputStream(Path.of(export));
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String verdict(Verification outcome) {
        if (outcome.valid()) {
            return "VALID: " + outcome.checked() + " entries verify" + (outcome.reason() == null ? "" : "; " + outcome.reason());
        }
        return "INVALID" + (outcome.firstInvalidSeq() == null ? "" : " at entry " + outcome.firstInvalidSeq()) + ": " + outcome.reason();
    }
}
