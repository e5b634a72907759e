package io.cku.cli;

import picocli.CommandLine.Command;

/** {@code cku logout}: ends the session at the service and forgets its tokens here. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "End the session at the service and delete its stored tokens.",
        footerHeading = "%nExamples:%n", footer = {"  cku logout", "  cku logout --profile ci"})
final class Logout extends ApiCommand {

    Logout(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        Profiles profiles = profiles();
        String name = profileName(profiles);
        if (profiles.credentials(name) == null) {
            env.out().println("Not logged in" + (Profiles.DEFAULT.equals(name) ? "" : " with profile " + name) + "; nothing to do.");
            return ExitCode.OK;
        }
        String url = url(profiles, name);
        try {
            new Api(url, Session.of(profiles, name, null, env.clock())).post("/auth/revoke", null);
        } catch (CommandFailed e) {
            if (e.exitCode() != ExitCode.NOT_PERMITTED) { // a refused token has ended already
                profiles.deleteCredentials(name);
                env.err().println("warning: the session could not be revoked at " + url + " (" + e.getMessage()
                        + "); the tokens were deleted here and expire on their own");
                return ExitCode.OK;
            }
        }
        profiles.deleteCredentials(name);
        env.out().println("Logged out of " + url + (Profiles.DEFAULT.equals(name) ? "" : " (profile " + name + ")")
                + ": the session is revoked and its tokens deleted.");
        return ExitCode.OK;
    }
}
