package io.cku.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.cku.auth.AccessToken;
import io.cku.auth.AuthProperties;

/**
 * What verifying an access token costs cku-auth's {@code JwtCodec}, which every authenticated request goes through:
 * <ul>
 * <li>{@code rememberedToken}: the same token again, the steady state of a client (a hash of the token and a map lookup);</li>
 * <li>{@code newToken}: a token the codec has not seen, so the full path (lookup, HMAC and JSON, remembering it);</li>
 * <li>{@code signatureOnly}: the HMAC and JSON part of that path alone ({@code JwtCodec.parse}, private).</li>
 * </ul>
 * The codec's memory of verified tokens is fixed at {@code VerifiedTokens.DEFAULT_CAPACITY} (20,000) and cannot be set from
 * outside, so "not remembered" is made by cycling through more tokens than that: the memory empties itself when full, so
 * every token comes back to it forgotten. That emptying (once per 20,000 tokens) is part of {@code newToken}'s figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// jjwt and Jackson behind it were still being compiled after three seconds on a two-core machine
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TokenVerification {

    private static final int MORE_TOKENS_THAN_REMEMBERED = 25_000;
    private static final String SECRET = "bench-secret-of-at-least-thirty-two-bytes-0123456789";

    private static final Class<?> CODEC = Internals.type("io.cku.auth.internal.JwtCodec");
    private static final Class<?> KEY_RING = Internals.type("io.cku.auth.internal.KeyRing");
    private static final Class<?> SUBJECT = Internals.type("io.cku.auth.internal.JwtCodec$TokenSubject");
    private static final MethodType CHECK = MethodType.methodType(Object.class, Object.class, String.class);
    private static final MethodHandle VERIFY = Internals.method(CODEC, "verify", String.class).asType(CHECK);
    private static final MethodHandle PARSE = Internals.method(CODEC, "parse", String.class).asType(CHECK);
    private static final MethodHandle SIGN = Internals.method(CODEC, "sign", SUBJECT);
    private static final MethodHandle NEW_SUBJECT = Internals.constructor(SUBJECT, String.class, String.class, String.class,
            Collection.class, String.class);

    private Object codec;
    private String remembered;
    private String[] unseen;
    private int next;

    @Setup
    public void signTokens() throws Throwable {
        AuthProperties properties = new AuthProperties(SECRET, List.of(), null, "", "cku", "cku-api", Duration.ofMinutes(15),
                Duration.ofHours(12), Duration.ofSeconds(30));
        Object keys = Internals.method(KEY_RING, "from", AuthProperties.class).invoke(properties);
        codec = Internals.constructor(CODEC, KEY_RING, AuthProperties.class, Clock.class).invoke(keys, properties, Clock.systemUTC());

        unseen = new String[MORE_TOKENS_THAN_REMEMBERED];
        for (int i = 0; i < unseen.length; i++) {
            unseen[i] = sign("user-" + i);
        }
        remembered = sign("dana");
        Object verifiedOnce = (Object) VERIFY.invokeExact(codec, remembered); // from now on, remembered
    }

    private String sign(String user) throws Throwable {
        Object subject = NEW_SUBJECT.invoke(user, "default", "user", List.of("OPERATOR", "VIEWER"), UUID.randomUUID().toString());
        return ((AccessToken) SIGN.invoke(codec, subject)).value();
    }

    @Benchmark
    public Object rememberedToken() throws Throwable {
        return VERIFY.invokeExact(codec, remembered);
    }

    @Benchmark
    public Object newToken() throws Throwable {
        return VERIFY.invokeExact(codec, nextUnseen());
    }

    @Benchmark
    public Object signatureOnly() throws Throwable {
        return PARSE.invokeExact(codec, nextUnseen());
    }

    private String nextUnseen() {
        String token = unseen[next];
        next = next + 1 == unseen.length ? 0 : next + 1;
        return token;
    }
}
