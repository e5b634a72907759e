package io.cku.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Thousands of generated malformed and hostile requests over real HTTP, from a seeded {@link Random} (replay a run with
 * {@code -Dfuzz.seed=N}). None may break the service (5xx), every refusal must be an RFC 9457 problem without stack trace
 * text, and refused requests must leave no row behind. The generators are built so that every body is invalid; should one
 * be accepted anyway, its rows are counted and expected.
 */
class HostileRequestFuzzTest extends ServiceTest {

    private static final long DEFAULT_SEED = 20_260_417L;
    private static final int MIN_SENT = 5_000;
    private static final int THREADS = 6;
    private static final List<String> TABLES = List.of("runs", "run_steps", "users", "service_accounts", "tenants", "policy_versions",
            "run_approvals");
    private static final List<String> STACK_TRACE = List.of("at io.cku", "Exception", "\tat ", ".java:");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void refusesEveryHostileRequestWithAProblemAndStoresNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        System.out.println("HostileRequestFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Set<String> tenantsBefore = tenantIds();
        Map<String, Long> before = rowCounts();

        List<Exchange> exchanges = fuzz(seed, api().token());

        List<Exchange> answered = exchanges.stream().filter(e -> e.response() != null).toList();
        System.out.println(summary(exchanges));
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(answered.size()).as("requests really sent and answered").isGreaterThanOrEqualTo(MIN_SENT);
        expectNone(softly, "requests that got no answer", exchanges, e -> e.failure() != null);
        expectNone(softly, "answers with status >= 500", answered, e -> e.status() >= 500);
        expectNone(softly, "error answers that are not RFC 9457 problems", answered, HostileRequestFuzzTest::notAProblem);
        expectNone(softly, "answers with stack trace text", answered,
                e -> !isMetricsScrape(e) && STACK_TRACE.stream().anyMatch(e.body()::contains));
        softly.assertThat(rowCounts()).as("rows after the fuzz; before it: %s", before)
                .isEqualTo(expectedRows(before, tenantsBefore, answered));
        softly.assertAll();
    }

    /** Sends generated requests from a pool until at least {@link #MIN_SENT} were answered or refused by the client. */
    private List<Exchange> fuzz(long seed, String adminToken) throws Exception {
        Random seeds = new Random(seed);
        List<Exchange> exchanges = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            while (answered(exchanges) < MIN_SENT && exchanges.size() < 3 * MIN_SENT) {
                long missing = MIN_SENT - answered(exchanges);
                List<Future<Exchange>> batch = new ArrayList<>();
                for (long i = 0; i < missing * 11 / 10 + 10; i++) {
                    Requests requests = new Requests(new Random(seeds.nextLong()), adminToken);
                    batch.add(pool.submit(() -> send(requests.next())));
                }
                for (Future<Exchange> exchange : batch) {
                    exchanges.add(exchange.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return exchanges;
    }

    private static long answered(List<Exchange> exchanges) {
        return exchanges.stream().filter(e -> e.response() != null).count();
    }

    private Exchange send(Fuzz fuzz) {
        HttpRequest request;
        try {
            request = fuzz.toRequest("http://localhost:" + port);
        } catch (IllegalArgumentException refusedByClient) {
            return new Exchange(fuzz, null, null, false);
        }
        try {
            return exchange(fuzz, request, false);
        } catch (IOException firstFailure) {
            // The server may close a keep-alive connection just as the client reuses it, and the client resends only
            // idempotent requests by itself. Resend once; a request that fails twice counts as unanswered.
            try {
                return exchange(fuzz, request, true);
            } catch (IOException again) {
                return new Exchange(fuzz, null, firstFailure + ", then " + again, true);
            }
        }
    }

    private static Exchange exchange(Fuzz fuzz, HttpRequest request, boolean resent) throws IOException {
        try {
            HttpResponse<byte[]> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Exchange(fuzz, new Api.Response(answer.statusCode(), answer.headers().firstValue("Location"),
                    answer.headers().firstValue("Content-Type").orElse(""), new String(answer.body(), StandardCharsets.UTF_8),
                    answer.headers().map()), null, resent);
        } catch (IllegalArgumentException refusedByClient) {
            return new Exchange(fuzz, null, null, resent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
    }

    private static boolean notAProblem(Exchange exchange) {
        if (exchange.status() < 400 || exchange.fuzz().method().equals("HEAD")) {
            return false;
        }
        try {
            return !exchange.response().isProblem();
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    /** The administrator may scrape metrics; their {@code exception} labels name exception classes by design. */
    private static boolean isMetricsScrape(Exchange exchange) {
        return exchange.status() == 200 && exchange.fuzz().path().startsWith("/actuator/prometheus");
    }

    private static void expectNone(SoftAssertions softly, String what, List<Exchange> exchanges, Predicate<Exchange> violation) {
        List<Exchange> offenders = exchanges.stream().filter(violation).toList();
        softly.assertThat(offenders.stream().limit(6).map(Exchange::describe).toList())
                .as("%d %s, for example", offenders.size(), what).isEmpty();
    }

    /** The rows before, plus those of the requests the service accepted (none, when every generator stays invalid). */
    private static Map<String, Long> expectedRows(Map<String, Long> before, Set<String> tenantsBefore, List<Exchange> answered) {
        Map<String, Long> expected = new TreeMap<>(before);
        Set<String> newTenants = new HashSet<>();
        for (Exchange exchange : answered) {
            if (exchange.status() == 202) {
                expected.merge("runs", 1L, Long::sum);
                expected.merge("run_steps", (long) exchange.response().json().path("steps").size(), Long::sum);
            } else if (exchange.status() == 201) {
                JsonNode created = exchange.response().json();
                expected.merge(created.has("version") ? "policy_versions" : created.has("apiKey") ? "service_accounts" : "users", 1L,
                        Long::sum);
                newTenants.add(created.path("tenant").asString());
            }
        }
        newTenants.removeAll(tenantsBefore);
        expected.merge("tenants", (long) newTenants.size(), Long::sum);
        return expected;
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        TABLES.forEach(table -> counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()));
        return counts;
    }

    private Set<String> tenantIds() {
        return new HashSet<>(jdbc.sql("SELECT id FROM tenants").query(String.class).list());
    }

    private static String summary(List<Exchange> exchanges) {
        Map<String, Map<String, Long>> byGenerator = exchanges.stream().collect(Collectors.groupingBy(e -> e.fuzz().generator(),
                TreeMap::new, Collectors.groupingBy(Exchange::outcome, TreeMap::new, Collectors.counting())));
        long sent = answered(exchanges);
        long skipped = exchanges.stream().filter(e -> e.response() == null && e.failure() == null).count();
        long resent = exchanges.stream().filter(Exchange::resent).count();
        StringBuilder out = new StringBuilder("HostileRequestFuzzTest sent " + sent + " requests (" + skipped
                + " refused by the HTTP client and skipped, " + resent + " resent after a dropped keep-alive connection)");
        byGenerator.forEach((generator, outcomes) -> out.append("\n  ").append(generator).append(": ").append(outcomes));
        return out.toString();
    }

    /** One generated request: who sends it, how, and with what. */
    record Fuzz(String generator, String caller, String method, String path, List<Map.Entry<String, String>> headers, byte[] body,
            boolean chunked) {

        HttpRequest toRequest(String base) {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : chunked ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, publisher);
            headers.forEach(header -> request.header(header.getKey(), header.getValue()));
            return request.build();
        }
    }

    /** A request and what became of it: an answer, a failure to get one, or neither when the client refused to send it. */
    record Exchange(Fuzz fuzz, Api.Response response, String failure, boolean resent) {

        int status() {
            return response.status();
        }

        String body() {
            return response.body();
        }

        String outcome() {
            return response != null ? Integer.toString(status()) : failure != null ? "no answer" : "skipped";
        }

        String describe() {
            String path = fuzz.path().length() > 120 ? fuzz.path().substring(0, 120) + "..." : fuzz.path();
            String body = response == null ? failure : response.body().length() > 200 ? response.body().substring(0, 200) : response.body();
            return "[%s as %s] %s %s -> %s %s: %s".formatted(fuzz.generator(), fuzz.caller(), fuzz.method(), path, outcome(),
                    response == null ? "" : response.contentType(), body);
        }
    }

    /** A JSON body with named slots ({@code @name@}) whose defaults nest; overriding a slot replaces its whole subtree. */
    record Template(String path, String method, Map<String, String> slots, List<String> strings, String valid) {

        private static final Pattern SLOT = Pattern.compile("@(\\w+)@");

        String render(Map<String, String> overrides) {
            return expand("body", overrides);
        }

        private String expand(String slot, Map<String, String> overrides) {
            if (overrides.containsKey(slot)) {
                return overrides.get(slot);
            }
            Matcher placeholder = SLOT.matcher(slots.get(slot));
            StringBuilder out = new StringBuilder();
            while (placeholder.find()) {
                placeholder.appendReplacement(out, Matcher.quoteReplacement(expand(placeholder.group(1), overrides)));
            }
            return placeholder.appendTail(out).toString();
        }
    }

    /** Generates one hostile request from its own {@link Random}, so a seed replays the same requests in any thread order. */
    static final class Requests {

        // Every default body breaks at least two independent rules, so changing any one slot still leaves it invalid.
        private static final Template RUN = new Template("/runs", "POST", slots(
                "body", "{\"intent\":@intent@,\"mode\":@mode@,\"plan\":@plan@,\"evidence\":@evidence@,\"labels\":@labels@}",
                "intent", "\"fuzz ✓ run\"", "mode", "\"fuzz-mode\"", "plan", "{\"steps\":@steps@}", "steps", "[@step@]",
                "step", "{\"name\":@name@,\"skill\":@skill@,\"intent\":@stepIntent@,\"params\":@params@,\"optional\":@optional@,"
                        + "\"timeoutMs\":@timeoutMs@}",
                "name", "\"s1\"", "skill", "\"fuzz-no-such-skill\"", "stepIntent", "null", "params", "{\"path\":@path@,\"content\":\"x\"}",
                "path", "\"out.txt\"", "optional", "false", "timeoutMs", "1000", "evidence", "{\"ticket\":@ticket@}",
                "ticket", "\"FUZZ-1\"", "labels", "{\"team\":@team@}", "team", "\"fuzz\""),
                List.of("intent", "mode", "name", "skill", "stepIntent", "path", "ticket", "team"),
                "{\"intent\":\"fuzz ✓ run\",\"mode\":\"dev\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"},"
                        + "{\"name\":\"w\",\"skill\":\"file.write\",\"params\":{\"path\":\"out.txt\",\"content\":\"x\"}}]},"
                        + "\"evidence\":{\"ticket\":\"FUZZ-1\"},\"labels\":{\"team\":\"fuzz\"}}");
        private static final Template USER = new Template("/admin/users", "POST", slots(
                "body", "{\"username\":@username@,\"password\":@password@,\"tenant\":@tenant@,\"roles\":@roles@,\"reason\":@reason@}",
                "username", "\"Fuzz User!\"", "password", "\"short\"", "tenant", "\"default\"", "roles", "[@role@]",
                "role", "\"NO_SUCH_ROLE\"", "reason", "\"fuzz\""),
                List.of("username", "password", "tenant", "role", "reason"),
                "{\"username\":\"fuzz-truncated\",\"password\":\"a-long-enough-passwörd\",\"tenant\":\"default\",\"roles\":[\"VIEWER\"],"
                        + "\"reason\":\"fuzz\"}");
        private static final Template SERVICE_ACCOUNT = new Template("/admin/service-accounts", "POST", slots(
                "body", "{\"name\":@name@,\"tenant\":@tenant@,\"roles\":@roles@,\"reason\":@reason@}",
                "name", "\"Bad Name!\"", "tenant", "\"default\"", "roles", "[@role@]", "role", "\"NO_SUCH_ROLE\"", "reason", "\"fuzz\""),
                List.of("name", "tenant", "role", "reason"),
                "{\"name\":\"fuzz-truncated\",\"tenant\":\"default\",\"roles\":[\"VIEWER\"],\"reason\":\"fuzz ✓\"}");
        private static final Template TOKEN = new Template("/auth/token", "POST", slots(
                "body", "{\"username\":@username@,\"password\":@password@,\"apiKey\":@apiKey@}",
                "username", "\"fuzz-nobody\"", "password", "\"wrong-password\"", "apiKey", "null"),
                List.of("username", "password", "apiKey"),
                "{\"username\":\"fuzz-nobody\",\"password\":\"wrong-passwörd\"}");
        // Sent only to users that do not exist, so even a well-formed change cannot touch an account.
        private static final Template USER_CHANGE = new Template("/admin/users/{username}", "PATCH", slots(
                "body", "{\"roles\":@roles@,\"enabled\":@enabled@,\"reason\":@reason@}",
                "roles", "[@role@]", "role", "\"VIEWER\"", "enabled", "false", "reason", "\"fuzz\""),
                List.of("role", "reason"),
                "{\"roles\":[\"VIEWER\"],\"enabled\":false,\"reason\":\"fuzz ✓\"}");
        // A dry run stores nothing even when valid.
        private static final Template EVALUATE = new Template("/runs/evaluate", "POST", RUN.slots(), RUN.strings(), RUN.valid());
        // Both the expression and the effect are invalid.
        private static final Template POLICY = new Template("/admin/policies", "POST", slots(
                "body", "{\"rules\":[@rule@],\"activate\":@activate@,\"reason\":@reason@}",
                "rule", "{\"name\":@name@,\"expression\":@expression@,\"effect\":@effect@,\"message\":@message@,\"shadow\":@shadow@}",
                "name", "\"fuzz\"", "expression", "\"mode ==\"", "effect", "\"NOPE\"", "message", "\"m\"", "shadow", "false",
                "activate", "true", "reason", "\"fuzz\""),
                List.of("name", "expression", "effect", "message", "reason"),
                "{\"rules\":[{\"name\":\"fuzz\",\"expression\":\"mode == \\\"prod\\\"\",\"effect\":\"WARN\",\"message\":\"m\"}]}");
        // Sent only for runs that do not exist.
        private static final Template DECISION = new Template("/admin/runs/{run}/gates/plan_approval/approve", "POST", slots(
                "body", "{\"reason\":@reason@}", "reason", "\"fuzz\""),
                List.of("reason"), "{\"reason\":\"fuzz ✓\"}");
        private static final List<Template> TEMPLATES = List.of(RUN, RUN, RUN, USER, USER, SERVICE_ACCOUNT, TOKEN, TOKEN, USER_CHANGE,
                EVALUATE, POLICY, DECISION);

        private static final List<String> WRONG_VALUES = List.of("123", "-1", "0", "1.5", "-0.0", "1e999999", "-1e999999",
                "123456789012345678901234567890", "1" + "0".repeat(99), "1" + "0".repeat(150), "true", "false", "null", "[]",
                "[1,\"a\",null]", "{}", "{\"a\":1}", "\"\"", "\"string\"", "NaN", "Infinity", "0x10", "'single'", "[[[[]]]]",
                "{\"a\":", "tru", "\"\\uZZZZ\"", "\"\\ud800\"", "\"\\u0000\"");
        private static final List<String> INJECTIONS = List.of("'; DROP TABLE runs;--", "' OR '1'='1' --",
                "\"; DELETE FROM users; --", "1; SELECT pg_sleep(10)--", "${jndi:ldap://x}", "${jndi:ldap://127.0.0.1:1389/a}",
                "${env:CKU_JWT_SECRET}", "#{7*7}", "{{7*7}}", "*{T(Runtime).getRuntime().exec('id')}", "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>", "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd",
                "....//....//etc/passwd", "..%2f..%2fetc%2fpasswd", "/proc/self/environ", "file:///etc/passwd", "\u0000",
                "a\u0000b", "\u0001\u0002\u001b[31mred", "\r\nSet-Cookie: fuzz=1", "\r\n\r\nHTTP/1.1 200 OK\r\n", "\t\b\f",
                "\u202Egnp.exe\u202C", "\u200B\u200D\uFEFF", "\uD800", "\uDFFF\uD800", "\uFFFF\uFFFE", "😀👍🏽", "e\u0301\u0301",
                "Ａｄｍｉｎ", "\u0130", "%s%s%s%n", "{0}{1}", "\\", "\"", "'", "`id`", "$(id)", "; rm -rf /", "| cat /etc/passwd",
                "*)(uid=*))(|(uid=*", "{\"$gt\":\"\"}", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                "null", "NaN", "", " ", "A".repeat(5000));
        private static final List<byte[]> RAW_BYTES = List.of(bytes(0xC0, 0xAE, 0xC0, 0xAE, 0xC0, 0xAF), bytes(0xE0, 0x80, 0xAE),
                bytes(0xF0, 0x80, 0x80, 0xAF), bytes(0xC0, 0x80), bytes(0xED, 0xA0, 0x80), bytes(0xFF, 0xFE), bytes(0x80),
                bytes(0xE2, 0x82), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0x00), bytes(0x0D, 0x0A));
        private static final List<String> PATH_SEGMENTS = List.of("../../etc/passwd", "..%2f..%2fetc%2fpasswd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..;/..;/etc/passwd", "%252e%252e%252f", "%00", "a%00b", "%c0%ae%c0%ae%c0%af",
                "%ff%fe", "%e2%80%ae", "%0d%0aSet-Cookie:%20x=1", ";jsessionid=1", "a;b=c", "%2F", "%5C..%5C", "%25", "..",
                ".", "~root", "!$&'()*+,;=:@", "-1", "0", "00000000-0000-0000-0000-000000000000", "null", "a".repeat(9000));
        private static final List<String> UNKNOWN_PATHS = List.of("/", "/nothing-here", "/runs/", "/runs/x/y/z", "/admin",
                "/admin/users/x/y", "/admin/service-accounts/x/y", "/actuator", "/actuator/env", "/actuator/heapdump",
                "/actuator/prometheus", "/.env", "/.git/config", "/WEB-INF/web.xml", "/error", "/auth", "/auth/token/x",
                "/api/v1/runs", "/%2e%2e/%2e%2e/etc/passwd", "/runs;jsessionid=1", "/runs/..;/admin/users", "//runs",
                "/runs/%2e%2e/admin", "/favicon.ico", "/runs?limit=%ZZ", "/runs?%00=1", "/RUNS", "/runs.json", "/admin/users.xml");
        private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; boundary=fuzz",
                "multipart/form-data", "application/json; charset=klingon", "application/x-www-form-urlencoded",
                "application/json; charset=utf-16", "application/json; charset=", "*/*", "application/*", "application",
                "application/json/extra", "json", "application/json;;;", "application/json; charset=\"utf-8\"",
                "application/problem+json", "", "text/html; charset=utf-8", "image/png", "application/json, text/plain",
                "application/vnd.api+json", "APPLICATION/JSON", "application/json; q=0.1; boundary=\"x", "application/octet-stream");
        private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "*/*;q=0",
                "application/json;q=abc", "", "application/problem+xml", "text/event-stream", "application/json;charset=klingon");
        private static final List<String> METHODS = List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "HEAD",
                "MKCOL", "LOCK", "COPY", "FUZZ", "get", "POST", "GET");

        private final Random random;
        private final String adminToken;

        Requests(Random random, String adminToken) {
            this.random = random;
            this.adminToken = adminToken;
        }

        Fuzz next() {
            int dice = random.nextInt(100);
            if (dice < 8) {
                return randomBytes();
            }
            if (dice < 16) {
                return printableJunk();
            }
            if (dice < 28) {
                return truncated();
            }
            if (dice < 31) {
                return hugeString();
            }
            if (dice < 36) {
                return deepNesting();
            }
            if (dice < 54) {
                return wrongType();
            }
            if (dice < 70) {
                return injection();
            }
            if (dice < 78) {
                return hostilePath();
            }
            if (dice < 84) {
                return hostileQuery();
            }
            if (dice < 93) {
                return oddHeaders();
            }
            return oddMethod();
        }

        private Fuzz randomBytes() {
            byte[] body = new byte[1 + random.nextInt(8192)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                body[0] = '{';
            }
            return withBody("random-bytes", template(), body);
        }

        private Fuzz printableJunk() {
            String alphabet = random.nextBoolean() ? "{}[]\":,0123456789.eE+-truefalsn \\u" : null;
            StringBuilder junk = new StringBuilder();
            for (int i = 1 + random.nextInt(8192); i > 0; i--) {
                junk.append(alphabet == null ? (char) (0x20 + random.nextInt(0x5F)) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return withBody("printable-junk", template(), utf8(junk.toString()));
        }

        private Fuzz truncated() {
            Template template = template();
            byte[] valid = utf8(template.valid());
            return withBody("truncated-json", template, Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)));
        }

        private Fuzz hugeString() {
            Template template = template();
            int bytes = 100_000 + random.nextInt(1_900_001);
            String unit = pick(List.of("A", "é", "€", "😀", "\\n", "\\u0000"));
            int unitBytes = unit.startsWith("\\") ? unit.length() : utf8(unit).length;
            String value = "\"" + unit.repeat(bytes / unitBytes) + "\"";
            Fuzz fuzz = withBody("huge-string", template, utf8(template.render(Map.of(pick(template.strings()), value))));
            return random.nextInt(3) == 0 ? chunked(fuzz) : fuzz;
        }

        private Fuzz deepNesting() {
            Template template = template();
            int depth = pick(List.of(33, 100, 1_000, 1_000, 100_000, 100_000, 300_000));
            boolean arrays = random.nextBoolean();
            String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            if (random.nextInt(5) == 0) {
                nested = nested.substring(0, nested.length() / 2 + 1);
            }
            String slot = template == RUN ? pick(List.of("evidence", "params", "labels", "ticket", "plan", "steps")) : pick(template.strings());
            return withBody("deep-nesting", template, utf8(template.render(Map.of(slot, nested))));
        }

        private Fuzz wrongType() {
            Template template = template();
            String slot = pick(new ArrayList<>(template.slots().keySet()));
            return withBody("wrong-type", template, utf8(template.render(Map.of(slot, pick(WRONG_VALUES)))));
        }

        private Fuzz injection() {
            Template template = template();
            Map<String, String> overrides = new LinkedHashMap<>();
            String slot = pick(template.strings());
            if (template == RUN && random.nextBoolean()) {
                slot = "path";
                overrides.put("skill", "\"file.write\"");
            }
            int encoding = random.nextInt(3);
            String marker = "\u0007RAW\u0007";
            overrides.put(slot, encoding == 0 ? json(pick(INJECTIONS)) : encoding == 1 ? "\"" + pick(INJECTIONS) + "\"" : "\"" + marker + "\"");
            byte[] body = utf8(template.render(overrides));
            return withBody("injection", template, encoding == 2 ? splice(body, utf8(marker), pick(RAW_BYTES)) : body);
        }

        private Fuzz hostilePath() {
            String segment = random.nextBoolean() ? pick(PATH_SEGMENTS) : URLEncoder.encode(pick(INJECTIONS), StandardCharsets.UTF_8)
                    .replace("+", "%20");
            return switch (random.nextInt(5)) {
                case 0 -> plain("hostile-path", "GET", "/runs/" + segment, null);
                case 1 -> plain("hostile-path", "POST", "/runs/" + segment + "/cancel", null);
                case 2 -> plain("hostile-path", "DELETE", "/admin/service-accounts/" + segment, null);
                case 3 -> withBody("hostile-path", USER_CHANGE, "/admin/users/" + segment, utf8(USER_CHANGE.valid()));
                default -> plain("hostile-path", random.nextBoolean() ? "GET" : "POST", pick(UNKNOWN_PATHS), null);
            };
        }

        private Fuzz hostileQuery() {
            return switch (random.nextInt(4)) {
                case 0 -> plain("hostile-query", "GET", "/runs?" + param("status", List.of("PENDING", "pending", "", "RUNNING,FAILED"))
                        + "&" + param("limit", List.of("0", "-1", "101", "2147483648", "99999999999999999999", "1e3", "abc", "", " 5"))
                        + "&" + param("cursor", cursors()), null);
                case 1 -> plain("hostile-query", "GET", "/admin/users?" + param("tenant", List.of("DEFAULT", "", "-x", "a".repeat(64))), null);
                case 2 -> plain("hostile-query", "GET", "/admin/service-accounts?" + param("tenant", List.of("Default", "x_y")), null);
                default -> plain("hostile-query", "DELETE", "/admin/service-accounts/" + UUID.randomUUID() + "?"
                        + param("reason", List.of("r".repeat(600), "x".repeat(20_000))), null);
            };
        }

        private Fuzz oddHeaders() {
            Template template = template();
            byte[] body = utf8(template.render(Map.of()));
            Fuzz fuzz = withBody("odd-headers", template, body);
            List<Map.Entry<String, String>> headers = new ArrayList<>(fuzz.headers());
            switch (random.nextInt(6)) {
                case 0 -> {
                    headers.removeIf(header -> header.getKey().equals("Content-Type"));
                    if (random.nextInt(4) > 0) {
                        headers.add(Map.entry("Content-Type", pick(CONTENT_TYPES)));
                    }
                }
                case 1 -> headers.add(Map.entry("Accept", pick(ACCEPTS)));
                case 2 -> headers.add(Map.entry(pick(List.of("X-Fuzz", "User-Agent", "Idempotency-Key", "Accept-Language", "Cookie")),
                        "h".repeat(pick(List.of(1_000, 4_000, 7_000, 9_000, 20_000, 70_000)))));
                case 3 -> {
                    String key = "k".repeat(1_000);
                    headers.add(Map.entry("Idempotency-Key", key));
                    headers.add(Map.entry("Idempotency-Key", random.nextBoolean() ? key : "other-" + key));
                }
                case 4 -> {
                    for (int i = 0; i < pick(List.of(50, 150, 300)); i++) {
                        headers.add(Map.entry("X-Fuzz-" + i, "v".repeat(40)));
                    }
                }
                default -> headers.add(Map.entry(pick(List.of("Authorization", "Idempotency-Key", "Content-Type", "X-Fuzz")),
                        pick(INJECTIONS)));
            }
            if (random.nextInt(5) == 0 && body.length > 0) {
                return new Fuzz(fuzz.generator(), fuzz.caller(), fuzz.method(), fuzz.path(), headers,
                        random.nextBoolean() ? template.render(Map.of()).getBytes(StandardCharsets.UTF_16)
                                : concat(bytes(0xEF, 0xBB, 0xBF), body), false);
            }
            return new Fuzz(fuzz.generator(), fuzz.caller(), fuzz.method(), fuzz.path(), headers, fuzz.body(), fuzz.chunked());
        }

        private Fuzz oddMethod() {
            String method = pick(METHODS);
            String path = pick(List.of("/runs", "/runs/" + UUID.randomUUID(), "/runs/" + UUID.randomUUID() + "/cancel", "/auth/token",
                    "/admin/users", "/admin/users/fuzz-ghost", "/admin/service-accounts", "/admin/service-accounts/" + UUID.randomUUID(),
                    pick(UNKNOWN_PATHS)));
            if (method.equals("POST") && List.of("/runs", "/auth/token", "/admin/users", "/admin/service-accounts").contains(path)
                    || method.equals("PATCH") && path.startsWith("/admin/users/")) {
                method = "PUT";
            }
            byte[] body = random.nextBoolean() ? utf8(pick(TEMPLATES).render(Map.of())) : null;
            return multipart(plain("odd-method", method, path, body));
        }

        /** Sometimes turns the request into a multipart upload, which Spring parses before any controller is chosen. */
        private Fuzz multipart(Fuzz fuzz) {
            if (fuzz.body() == null || random.nextInt(4) > 0) {
                return fuzz;
            }
            String boundary = "fuzz" + random.nextInt(1000);
            byte[] body = utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.json\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + new String(fuzz.body(), StandardCharsets.UTF_8)
                    + (random.nextBoolean() ? "\r\n--" + boundary + "--\r\n" : ""));
            List<Map.Entry<String, String>> headers = new ArrayList<>(fuzz.headers());
            headers.removeIf(header -> header.getKey().equals("Content-Type"));
            headers.add(Map.entry("Content-Type", "multipart/form-data; boundary=" + boundary));
            return new Fuzz(fuzz.generator() + "+multipart", fuzz.caller(), "POST", fuzz.path(), headers, body, fuzz.chunked());
        }

        private Fuzz withBody(String generator, Template template, byte[] body) {
            String path = template.path().replace("{username}", ghost()).replace("{run}", UUID.randomUUID().toString());
            return withBody(generator, template, path, body);
        }

        private Fuzz withBody(String generator, Template template, String path, byte[] body) {
            Fuzz fuzz = plain(generator, template.method(), path, body);
            List<Map.Entry<String, String>> headers = new ArrayList<>(fuzz.headers());
            headers.add(Map.entry("Content-Type", template == USER_CHANGE && random.nextBoolean() ? "application/merge-patch+json"
                    : "application/json"));
            return new Fuzz(generator, fuzz.caller(), fuzz.method(), path, headers, body, random.nextInt(10) == 0);
        }

        /** A request from the administrator mostly (so bodies get parsed), sometimes anonymous or with a junk token. */
        private Fuzz plain(String generator, String method, String path, byte[] body) {
            int dice = random.nextInt(100);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            String caller = dice < 75 ? "admin" : dice < 87 ? "anonymous" : "junk token";
            if (dice < 75) {
                headers.add(Map.entry("Authorization", "Bearer " + adminToken));
            } else if (dice >= 87) {
                headers.add(Map.entry("Authorization", junkToken()));
            }
            return new Fuzz(generator, caller, method, path, headers, body, false);
        }

        private Fuzz chunked(Fuzz fuzz) {
            return new Fuzz(fuzz.generator() + "+chunked", fuzz.caller(), fuzz.method(), fuzz.path(), fuzz.headers(), fuzz.body(), true);
        }

        private String junkToken() {
            String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            String claims = base64("{\"sub\":\"admin\",\"tenant\":\"default\",\"kind\":\"user\",\"roles\":[\"ADMIN\"],\"exp\":4102444800}");
            return pick(List.of("Bearer junk", "Bearer ", "Bearer " + header + "." + claims + ".", "Bearer " + header + "." + claims,
                    "Bearer " + adminToken.substring(0, adminToken.length() - 2) + "xx", "Bearer " + adminToken + "." + adminToken,
                    "Basic YWRtaW46YWRtaW4=", "Bearer " + "A".repeat(9_000), "bearer a.b.c", "Token " + adminToken, "Bearer ...",
                    "Bearer " + base64("{}") + "." + base64("[]") + "." + base64("x"), "Bearer %00", "Bearer " + pick(INJECTIONS)));
        }

        private List<String> cursors() {
            UUID id = UUID.randomUUID();
            return List.of("junk", "", "====", "%%%", base64("not a cursor"), base64("|"), base64("2026-01-01T00:00:00Z|not-a-uuid"),
                    base64("+1000000000-01-01T00:00:00Z|" + id), base64("-1000000000-01-01T00:00:00Z|" + id),
                    base64("+294277-01-01T00:00:00Z|" + id), base64("-4714-11-23T00:00:00Z|" + id), base64("1970-01-01T00:00:00Z|" + id),
                    base64("2026-01-01T00:00:00Z|" + id + "|extra"), base64("\u0000|\u0000"), pick(INJECTIONS), "A".repeat(5_000));
        }

        private String param(String name, List<String> odd) {
            String value = random.nextInt(3) == 0 ? pick(INJECTIONS) : pick(odd);
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            return random.nextInt(6) == 0 ? name + "=" + encoded + "&" + name + "=" + encoded : name + "=" + encoded;
        }

        private String ghost() {
            return random.nextBoolean() ? "fuzz-ghost-" + random.nextInt(1_000_000)
                    : URLEncoder.encode(pick(INJECTIONS), StandardCharsets.UTF_8).replace("+", "%20");
        }

        private Template template() {
            return pick(TEMPLATES);
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        private static Map<String, String> slots(String... pairs) {
            Map<String, String> slots = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                slots.put(pairs[i], pairs[i + 1]);
            }
            return slots;
        }

        /** A JSON string literal; control characters and surrogates are escaped, so lone surrogates survive as escapes. */
        private static String json(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        private static byte[] splice(byte[] body, byte[] marker, byte[] replacement) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
            for (int i = 0; i < body.length; i++) {
                if (i <= body.length - marker.length && Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
                    out.writeBytes(replacement);
                    i += marker.length - 1;
                } else {
                    out.write(body[i]);
                }
            }
            return out.toByteArray();
        }

        private static byte[] concat(byte[] first, byte[] second) {
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }

        private static String base64(String text) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] bytes(int... values) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            return bytes;
        }
    }
}
