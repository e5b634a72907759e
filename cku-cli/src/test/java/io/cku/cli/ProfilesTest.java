package io.cku.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.cli.Profiles.Credentials;

/** The config directory's two files: what is written, with which permissions, and how a damaged file is reported. */
class ProfilesTest {

    @TempDir
    private Path dir;

    @Test
    void keepsEachProfilesUrlAndTokensAndTheLastLoginAsCurrent() throws IOException {
        Profiles profiles = new Profiles(dir.resolve("cku"));
        Instant expires = Instant.parse("2026-12-07T19:00:00Z");

        profiles.saveLogin("default", "http://localhost:8080", new Credentials("admin", "a\"b\\c", expires, "ckr_1"));
        profiles.saveLogin("ci", "https://cku.example.com", new Credentials("sa", "t2", null, null));

        assertThat(profiles.resolve(null)).isEqualTo("ci");
        assertThat(profiles.url("default")).isEqualTo("http://localhost:8080");
        assertThat(profiles.credentials("default")).isEqualTo(new Credentials("admin", "a\"b\\c", expires, "ckr_1"));
        assertThat(profiles.credentials("ci").refreshToken()).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profiles.credentialsFile()))).isEqualTo("rw-------");
        assertThat(profiles.credentials("default").toString()).doesNotContain("ckr_1", "a\"b");

        assertThat(profiles.deleteCredentials("default")).isTrue();
        assertThat(profiles.credentials("default")).isNull();
        assertThat(profiles.deleteCredentials("default")).isFalse();
    }

    @Test
    void namesTheFileAndLineOfADamagedConfig() throws IOException {
        Profiles profiles = new Profiles(dir.resolve("cku"));
        Files.createDirectories(dir.resolve("cku"));
        Files.writeString(profiles.configFile(), "[profiles.default]\nurl = http://unquoted\n");

        assertThatThrownBy(() -> profiles.url("default")).isInstanceOf(CommandFailed.class)
                .hasMessage(profiles.configFile() + " cannot be read: line 2: values are \"quoted strings\"; fix it or delete it")
                .extracting(e -> ((CommandFailed) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
