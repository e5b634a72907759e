package io.cku.skillengine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the built-in skills ({@code cku.skills.*}).
 *
 * @param workspace the only directory {@code file.write} and {@code shell} may touch
 * @param undoDirectory where {@code file.write} keeps what it overwrote, to restore it when a run rolls back; outside the workspace
 * @param maxOutputChars how much of a skill's text output is kept
 * @param shell the {@code shell} skill's switch and allow-list
 * @param http the {@code http} skill's defaults
 */
@ConfigurationProperties("cku.skills")
public record SkillProperties(Path workspace, Path undoDirectory, Integer maxOutputChars, Shell shell, Http http) {

    public SkillProperties {
        if (workspace == null) {
            throw new IllegalArgumentException("cku.skills.workspace must name a directory");
        }
        workspace = workspace.toAbsolutePath().normalize();
        undoDirectory = undoDirectory == null ? workspace.resolveSibling(workspace.getFileName() + "-undo")
                : undoDirectory.toAbsolutePath().normalize();
        if (undoDirectory.startsWith(workspace) || workspace.startsWith(undoDirectory)) {
            throw new IllegalArgumentException("cku.skills.undo-directory must lie outside the workspace (steps could rewrite it), was "
                    + undoDirectory);
        }
        maxOutputChars = maxOutputChars == null ? 16_384 : maxOutputChars;
        if (maxOutputChars < 256) {
            throw new IllegalArgumentException("cku.skills.max-output-chars must be at least 256, was " + maxOutputChars);
        }
        shell = shell == null ? new Shell(false, List.of()) : shell;
        http = http == null ? new Http(null, null) : http;
    }

    /**
     * @param enabled whether the {@code shell} skill may run at all
     * @param allowedCommands the executables it may start, exactly as steps name them
     */
    public record Shell(boolean enabled, List<String> allowedCommands) {

        public Shell {
            allowedCommands = allowedCommands == null ? List.of() : List.copyOf(allowedCommands);
        }
    }

    /**
     * @param defaultTimeout how long a request may take when the step does not say
     * @param allowedNetworks networks skills may connect to although a rule of {@link DestinationGuard} refuses them (an
     *                        internal service, say); cloud metadata and the service's own ports stay refused
     */
    public record Http(Duration defaultTimeout, List<Network> allowedNetworks) {

        public Http {
            defaultTimeout = defaultTimeout == null ? Duration.ofSeconds(30) : defaultTimeout;
            if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
                throw new IllegalArgumentException("cku.skills.http.default-timeout must be positive, was " + defaultTimeout);
            }
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        }
    }
}
