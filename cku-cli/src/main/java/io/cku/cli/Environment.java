package io.cku.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command reads from its surroundings: environment variables, standard streams, whether a person is at a terminal,
 * and the clock. {@link #system()} is the real one; tests build their own.
 *
 * @param console the terminal to prompt on; null when there is none (then nothing is asked)
 * @param terminal whether standard output is a terminal (tables and the live view) rather than a pipe or a file
 */
public record Environment(Map<String, String> variables, InputStream in, PrintWriter out, PrintWriter err, Console console,
        boolean terminal, Clock clock) {

    /** The process's own surroundings. */
    public static Environment system() {
        Console console = System.console();
        boolean terminal = console != null && isTerminal(console);
        return new Environment(System.getenv(), System.in, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), terminal ? console : null, terminal, Clock.systemUTC());
    }

    /**
     * JDK 17 to 21 have a console only when standard input and output are both terminals; from JDK 22 there is one even
     * behind a pipe, and {@code Console.isTerminal()} (called reflectively, as this code is built for 17) tells.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | ClassCastException olderJdk) {
            return true;
        }
    }

    /** A variable's value; null when it is unset or empty. */
    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code $XDG_CONFIG_HOME/cku}, by default {@code ~/.config/cku}. */
    public Path configDirectory() {
        String xdg = variable("XDG_CONFIG_HOME");
        if (xdg != null) {
            return Path.of(xdg, "cku");
        }
        String home = variable("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"), ".config", "cku");
    }

    /** Whether output may be redrawn in place: a terminal that is not {@code TERM=dumb}. */
    public boolean liveTerminal() {
        return terminal && !"dumb".equals(variable("TERM"));
    }

    /** Whether output may carry colours: a live terminal, and no {@code NO_COLOR} (no-color.org). */
    public boolean ansi() {
        return liveTerminal() && variable("NO_COLOR") == null;
    }

    /** The terminal's width: {@code COLUMNS} when set, else 80. */
    public int width() {
        try {
            String columns = variable("COLUMNS");
            return columns == null ? 80 : Math.max(40, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
