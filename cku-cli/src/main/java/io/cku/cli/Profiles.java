package io.cku.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CLI's two files in its config directory: {@code config.toml} (each profile's URL, and the current profile) and
 * {@code credentials} (each profile's tokens; mode 0600, written whole through a file that never had wider permissions).
 */
final class Profiles {

    static final String DEFAULT = "default";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path directory;

    Profiles(Path directory) {
        this.directory = directory;
    }

    Path credentialsFile() {
        return directory.resolve("credentials");
    }

    Path configFile() {
        return directory.resolve("config.toml");
    }

    /** The profile to use: the one named, else the current one of config.toml, else {@value #DEFAULT}. */
    String resolve(String named) {
        if (named != null) {
            return named;
        }
        String current = read(configFile()).getOrDefault("", Map.of()).get("current");
        return current != null ? current : DEFAULT;
    }

    /** The profile's service URL; null when it has none. */
    String url(String profile) {
        return read(configFile()).getOrDefault(table(profile), Map.of()).get("url");
    }

    /** The profile's tokens; null when it is not logged in. */
    Credentials credentials(String profile) {
        Map<String, String> keys = read(credentialsFile()).get(table(profile));
        if (keys == null || keys.get("access_token") == null) {
            return null;
        }
        String expires = keys.get("access_expires_at");
        return new Credentials(keys.get("username"), keys.get("access_token"), expires == null ? null : Instant.parse(expires),
                keys.get("refresh_token"));
    }

    /** Records a login: the URL in config.toml (and this profile as the current one), the tokens in credentials. */
    void saveLogin(String profile, String url, Credentials credentials) {
        Map<String, Map<String, String>> config = read(configFile());
        config.computeIfAbsent("", k -> new LinkedHashMap<>()).put("current", profile);
        config.computeIfAbsent(table(profile), k -> new LinkedHashMap<>()).put("url", url);
        write(configFile(), Toml.write("cku profiles: the service each one talks to (written by cku login)", config));
        saveCredentials(profile, credentials);
    }

    /** Replaces the profile's tokens (after a refresh). */
    void saveCredentials(String profile, Credentials credentials) {
        Map<String, Map<String, String>> all = read(credentialsFile());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("username", credentials.username());
        keys.put("access_token", credentials.accessToken());
        keys.put("access_expires_at", credentials.expiresAt() == null ? null : credentials.expiresAt().toString());
        keys.put("refresh_token", credentials.refreshToken());
        all.put(table(profile), keys);
        write(credentialsFile(), Toml.write("cku tokens, readable by you only: do not share or commit this file", all));
    }

    /** Forgets the profile's tokens; true when there were any. */
    boolean deleteCredentials(String profile) {
        Map<String, Map<String, String>> all = read(credentialsFile());
        if (all.remove(table(profile)) == null) {
            return false;
        }
        write(credentialsFile(), Toml.write("cku tokens, readable by you only: do not share or commit this file", all));
        return true;
    }

    private static String table(String profile) {
        return "profiles." + profile;
    }

    private static Map<String, Map<String, String>> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Toml.parse(Files.readString(file)) : new LinkedHashMap<>();
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(ExitCode.USAGE, file + " cannot be read: " + e.getMessage() + "; fix it or delete it");
        } catch (IOException e) {
            throw new CommandFailed(ExitCode.USAGE, file + " cannot be read: " + e.getMessage());
        }
    }

    /** Writes through a temporary file created 0600, then moves it into place, so no other user can ever read a token. */
    private void write(Path file, String text) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            } catch (FileAlreadyExistsException raced) {
                throw new IOException("another cku is writing " + file + "; try again");
            }
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A login's tokens.
     *
     * @param expiresAt when the access token expires; null when unknown (a token given with {@code --with-token})
     * @param refreshToken null for a service account's login and a given token: they cannot be refreshed
     */
    record Credentials(String username, String accessToken, Instant expiresAt, String refreshToken) {

        @Override
        public String toString() {
            return "Credentials[" + username + "]"; // never a token in a log line or an exception
        }
    }
}
