package io.cku.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that calls the service: {@code --profile} and {@code --verbose}, and the API of the profile's login (or of
 * {@code CKU_URL} and {@code CKU_TOKEN}, which CI jobs set).
 */
abstract class ApiCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "NAME", description = "The login to use (default: $CKU_PROFILE, else the last one logged in)")
    String profile;

    @Option(names = {"-v", "--verbose"}, description = "On an error, also print the service's whole answer")
    boolean verbose;

    @Spec
    CommandSpec spec;

    final Environment env;
    private Api api;

    ApiCommand(Environment env) {
        this.env = env;
    }

    /** The profile this command uses. */
    String profileName(Profiles profiles) {
        return profiles.resolve(profile != null ? profile : env.variable("CKU_PROFILE"));
    }

    Profiles profiles() {
        return new Profiles(env.configDirectory());
    }

    /** The API as the logged-in caller. */
    Api api() {
        if (api == null) {
            Profiles profiles = profiles();
            String name = profileName(profiles);
            Session session = Session.of(profiles, name, env.variable("CKU_TOKEN"), env.clock()); // "not logged in" first
            api = new Api(url(profiles, name), session);
        }
        return api;
    }

    /** {@code CKU_URL}, else the profile's URL. */
    String url(Profiles profiles, String name) {
        String url = env.variable("CKU_URL");
        if (url == null) {
            url = profiles.url(name);
        }
        if (url == null) {
            throw new CommandFailed(ExitCode.NOT_PERMITTED, "no service for profile '" + name + "': run `cku login --url URL`, or set CKU_URL");
        }
        return url;
    }
}
