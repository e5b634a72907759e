package io.cku.skillengine.builtin;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;

import io.cku.skillengine.DestinationGuard;
import io.cku.skillengine.Network;
import io.cku.skillengine.SkillProperties;

/** http skills as the service builds them, allowed the networks a test names; close them after the test. */
final class HttpSkills {

    private HttpSkills() {
    }

    static HttpSkill allowing(Path workspace, int maxOutputChars, String... networks) {
        return allowing(workspace, maxOutputChars, InetAddress::getAllByName, networks);
    }

    /** A skill whose names resolve through {@code lookup}, the test's stand-in for DNS. */
    static HttpSkill allowing(Path workspace, int maxOutputChars, DestinationGuard.Lookup lookup, String... networks) {
        SkillProperties properties = properties(workspace, maxOutputChars, networks);
        return new HttpSkill(properties, new DestinationGuard(properties, lookup));
    }

    static SkillProperties properties(Path workspace, int maxOutputChars, String... networks) {
        return new SkillProperties(workspace, null, maxOutputChars, null,
                new SkillProperties.Http(null, Arrays.stream(networks).map(Network::of).toList()));
    }
}
