package io.cku.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Every command explains itself: {@code --help} with at least one example, and the exit codes at the top. */
class HelpTest {

    @Test
    void everyCommandsHelpHasAnExampleOfItself() {
        List<String> without = new ArrayList<>();
        walk(Cku.commandLine(environment(new StringWriter())), without);

        assertThat(without).as("commands whose --help shows no example").isEmpty();
    }

    @Test
    void theTopLevelHelpListsTheExitCodes() {
        StringWriter out = new StringWriter();

        int code = Cku.execute(environment(out), "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains(ExitCode.HELP, "CKU_URL, CKU_TOKEN and CKU_PROFILE");
    }

    @Test
    void aCommandGroupWithoutItsCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.of(), new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), null, false, Clock.systemUTC());

        assertThat(Cku.execute(env, "runs")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required subcommand", "See 'cku runs --help'.");
    }

    private static void walk(CommandLine command, List<String> without) {
        String name = command.getCommandSpec().qualifiedName();
        if (!name.equals("cku help")) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (!usage.contains("Examples:") || !usage.substring(usage.indexOf("Examples:")).contains(name + " ")) {
                without.add(name);
            }
        }
        command.getSubcommands().forEach((alias, sub) -> {
            if (alias.equals(sub.getCommandName())) {
                walk(sub, without);
            }
        });
    }

    static Environment environment(StringWriter out) {
        return new Environment(Map.of(), new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                null, false, Clock.systemUTC());
    }
}
