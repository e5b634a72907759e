package io.cku.skillengine.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** The one directory that file-touching skills may use; every path a step gives must stay inside it. */
final class Workspace {

    private final Path root;

    Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The path inside the workspace, or empty when the relative path is absolute or climbs out of it. */
    Optional<Path> resolve(String relative) {
        try {
            Path given = Path.of(relative);
            if (relative.isBlank() || given.isAbsolute()) {
                return Optional.empty();
            }
            Path resolved = root.resolve(given).normalize();
            return resolved.startsWith(root) && !resolved.equals(root) ? Optional.of(resolved) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Whether a directory that exists is really inside the workspace once symbolic links are followed. */
    boolean containsReally(Path directory) throws IOException {
        Files.createDirectories(root);
        return directory.toRealPath().startsWith(root.toRealPath());
    }

    Path root() {
        return root;
    }

    String relative(Path path) {
        return root.relativize(path).toString();
    }
}
