package io.cku.bench;

import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The firewall's check of one header value: cku-app's {@code HeaderText.allowed} loop against Spring Security's default,
 * the regular expression {@code StrictHttpFirewall} matches anew for every value it reads. cku-app is installed as a
 * Spring Boot fat jar, which cannot be a dependency, so {@code HeaderText} is loaded from {@code cku-app/target/classes},
 * which bench/jmh.sh puts on the class path; {@code regex} runs without it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HeaderValidation {

    /** As {@code HeaderTextTest} states it: StrictHttpFirewall's default rule for header names and values. */
    private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Param({ "authorization", "user-agent", "accept" })
    public String header;

    private String value;

    @Setup
    public void pickValue() {
        value = switch (header) {
            case "authorization" -> "Bearer " + accessToken();
            case "user-agent" -> "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
            case "accept" -> "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
            default -> throw new IllegalArgumentException("no value for header " + header);
        };
    }

    @Benchmark
    public boolean loop() throws Throwable {
        return (boolean) HeaderText.ALLOWED.invokeExact(value);
    }

    @Benchmark
    public boolean regex() {
        return SPRING_DEFAULT.matcher(value).matches();
    }

    /** A token shaped as cku-auth signs them (same header, same claims): 407 characters, 414 with "Bearer ". */
    private static String accessToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"kid\":\"q3Jd8fT0aZk1xV2m\",\"alg\":\"HS256\"}";
        String claims = "{\"sub\":\"dana\",\"iss\":\"cku\",\"aud\":[\"cku-api\"],\"iat\":1796731200,\"exp\":1796732100,"
                + "\"jti\":\"6f1c2a4e-8b3d-4f7a-9c0e-2d5b7a9e1f34\",\"tenant\":\"default\",\"kind\":\"user\","
                + "\"roles\":[\"OPERATOR\",\"VIEWER\"],\"sid\":\"0b7e9c52-3a1f-4d86-b2e4-91c7f05a6d28\"}";
        byte[] signature = new byte[32];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = (byte) (i * 37 + 11);
        }
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(signature);
    }

    /** Loaded on the first {@code loop} call, so {@code regex} does not need cku-app's classes. */
    private static final class HeaderText {

        static final MethodHandle ALLOWED = Internals.method(Internals.type("io.cku.app.security.HeaderText"), "allowed", String.class);
    }
}
