package io.cku.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** {@code cku}: the command line of Code Kit Ultra. */
@Command(name = "cku", mixinStandardHelpOptions = true, versionProvider = Cku.Versions.class,
        description = "Submit, watch, approve and verify governed runs of Code Kit Ultra.",
        subcommands = {Login.class, Logout.class, Runs.class, Approvals.class, Decide.class, Checkpoints.class, Audit.class,
                Policies.class, Learning.class, Users.class, ServiceAccounts.class, Completion.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n", footer = {
                "  cku login --url http://localhost:8080 --username admin",
                "  cku runs submit -f plan.yaml --watch --exit-status",
                "  cku approvals list",
                "", ExitCode.HELP,
                "", "Environment: CKU_URL, CKU_TOKEN and CKU_PROFILE override the stored login (for CI); NO_COLOR turns colours off;",
                "the logins live in $XDG_CONFIG_HOME/cku (default ~/.config/cku)."})
public final class Cku {

    /** This client's version. */
    public static final String VERSION = version();

    private Cku() {
    }

    public static void main(String[] args) {
        System.exit(execute(Environment.system(), args));
    }

    /** Runs one command line in these surroundings and returns its exit code (tests call this). */
    public static int execute(Environment env, String... args) {
        return commandLine(env).execute(args);
    }

    static CommandLine commandLine(Environment env) {
        CommandLine line = new CommandLine(Cku.class, new Factory(env));
        line.setOut(env.out());
        line.setErr(env.err());
        line.setColorScheme(Help.defaultColorScheme(env.ansi() ? Help.Ansi.ON : Help.Ansi.OFF));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionExceptionHandler((e, command, parsed) -> failed(env, e, parsed));
        line.setParameterExceptionHandler(Cku::usageError);
        return line;
    }

    /** One line on standard error, the full problem with --verbose, never a stack trace; the failure's exit code. */
    private static int failed(Environment env, Exception e, ParseResult parsed) {
        boolean verbose = parsed.subcommands().isEmpty() ? parsed.hasMatchedOption("--verbose")
                : verbose(parsed);
        int code;
        if (e instanceof CommandFailed failure) {
            env.err().println("error: " + failure.getMessage());
            if (verbose && failure.details() != null) {
                env.err().println(failure.details());
            }
            code = failure.exitCode();
        } else if (e instanceof UncheckedIOException io) {
            env.err().println("error: " + io.getMessage());
            code = ExitCode.FAILED;
        } else {
            env.err().println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (a bug in cku: please report it with the command line that caused it)");
            code = ExitCode.FAILED;
        }
        env.err().flush();
        return code;
    }

    private static boolean verbose(ParseResult parsed) {
        ParseResult last = parsed;
        while (!last.subcommands().isEmpty()) {
            last = last.subcommands().get(last.subcommands().size() - 1);
        }
        return last.hasMatchedOption("--verbose");
    }

    /** The problem and where to read more, like git and gh: not the whole usage. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
        command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        command.getErr().flush();
        return ExitCode.USAGE;
    }

    private static String version() {
        try (InputStream in = Cku.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }

    /** Creates commands with the surroundings they print to and read from. */
    private record Factory(Environment env) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Environment.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** {@code cku --version}: this client's, and the service's when a login or CKU_URL names one that answers. */
    static final class Versions implements IVersionProvider {

        private final Environment env;

        Versions(Environment env) {
            this.env = env;
        }

        @Override
        public String[] getVersion() {
            String client = "cku " + VERSION + " (Java " + Runtime.version().feature() + ")";
            try {
                Profiles profiles = new Profiles(env.configDirectory());
                String profile = profiles.resolve(env.variable("CKU_PROFILE"));
                String url = env.variable("CKU_URL") != null ? env.variable("CKU_URL") : profiles.url(profile);
                if (url == null) {
                    return new String[] {client, "service: none configured (cku login --url URL)"};
                }
                String service = new Api(url, null).get("/version").path("version").asString("unknown");
                return new String[] {client, "service " + service + " at " + url};
            } catch (CommandFailed e) {
                return new String[] {client, "service: " + e.getMessage()};
            }
        }
    }
}
