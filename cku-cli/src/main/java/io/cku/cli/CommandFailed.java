package io.cku.cli;

/**
 * A command could not do what was asked: the message is the one line printed, the code the process's exit code.
 *
 * @see ExitCode
 */
public class CommandFailed extends RuntimeException {

    private final int exitCode;
    private final String details;
    private final int httpStatus;

    public CommandFailed(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** With the full answer of the service (a Problem Details document), shown with {@code --verbose}. */
    public CommandFailed(int exitCode, String message, String details) {
        this(exitCode, message, details, 0);
    }

    /** The service refused a call with this HTTP status. */
    CommandFailed(int exitCode, String message, String details, int httpStatus) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.details = details;
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the service's refusal; 0 when the failure is not one. */
    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The full problem the service answered; null when there was none. */
    public String details() {
        return details;
    }
}
