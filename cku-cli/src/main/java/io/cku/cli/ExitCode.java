package io.cku.cli;

/** The exit codes of every command; {@code cku --help} and the README list them. */
public final class ExitCode {

    /** The command did what was asked (and a followed run succeeded). */
    public static final int OK = 0;
    /** The run (or the verification) did not succeed, or the service refused the change as it stands (409). */
    public static final int FAILED = 1;
    /** The command line, or a file it names, is not usable: nothing was sent, or the service said the request is invalid. */
    public static final int USAGE = 2;
    /** The run, version, user or account does not exist (or is another tenant's). */
    public static final int NOT_FOUND = 3;
    /** Not logged in, the credentials were refused, or the caller lacks the permission. */
    public static final int NOT_PERMITTED = 4;
    /** The service cannot be reached, or it failed (5xx). */
    public static final int UNAVAILABLE = 5;
    /** The followed run was cancelled. */
    public static final int CANCELLED = 6;
    /** {@code --exit-status --timeout} passed while the run still waited for a person. */
    public static final int STILL_WAITING = 7;

    static final String HELP = """
            Exit codes:
              0  success
              1  the run (or verification) did not succeed
              2  usage error: a bad option or file, or a request the service found invalid
              3  not found
              4  not authenticated or not permitted
              5  service unreachable or server error
              6  the run was cancelled
              7  still waiting for a person when --timeout passed (with --exit-status)""";

    private ExitCode() {
    }
}
