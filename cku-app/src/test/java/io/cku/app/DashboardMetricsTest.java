package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Drives runs through every gate outcome (pass, pause then approve, pause then refuse, reject) and a failing step, then reads
 * {@code /actuator/prometheus}: every metric the Grafana dashboard queries exists, and the new meters counted what happened.
 */
class DashboardMetricsTest extends ServiceTest {

    static final Path DASHBOARD = Path.of("..", "ops", "grafana", "dashboards", "cku.json");

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
            "or", "unless", "offset", "inf", "nan");

    private static final String PROD_RUN = """
            {"intent":"release payments 4.2","mode":"prod","evidence":{"coverage":0.91,"lint":"passed"},
             "plan":{"steps":[{"name":"deploy","skill":"noop"}]}}""";

    private LoopbackServer server;
    private Api submitter;
    private Api approver;

    @BeforeEach
    void peopleAndAServer() throws IOException {
        server = new LoopbackServer();
        String tenant = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        submitter = userWith(tenant, "ADMIN");
        approver = userWith(tenant, "APPROVER");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void everyMetricTheDashboardQueriesIsScrapedAndTheRunMetersCountWhatHappened() throws IOException {
        Scrape before = scrape();

        String passed = submitter.submit(Api.noopRun(2));
        submitter.awaitStatus(passed, "SUCCEEDED", Duration.ofSeconds(10));

        String approved = submitter.submit(staging());
        submitter.awaitStatus(approved, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        assertThat(approver.post(decide(approved, "QUALITY", "approve"), "{\"reason\":\"coverage report follows\"}").status()).isEqualTo(200);
        submitter.awaitStatus(approved, "SUCCEEDED", Duration.ofSeconds(10));

        // prod pauses at PLAN_APPROVAL for 24 h (staging's 3 s would end the wait before the backlog is read again)
        String refused = submitter.submit(PROD_RUN);
        submitter.awaitStatus(refused, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> scrape().value("cku_runs_active", Map.of("status", "AWAITING_APPROVAL")), waiting -> waiting >= 1);
        assertThat(approver.post(decide(refused, "PLAN_APPROVAL", "reject"), "{\"reason\":\"not during the sale\"}").status()).isEqualTo(200);
        submitter.awaitStatus(refused, "REJECTED", Duration.ofSeconds(10));

        String rejected = submitter.submit("""
                {"intent":"prod change","mode":"prod","plan":{"steps":[{"name":"a","skill":"noop"}]}}""");
        submitter.awaitStatus(rejected, "REJECTED", Duration.ofSeconds(10));

        server.answer("/broken", 400);
        String failed = submitter.submit("""
                {"intent":"call a broken service","mode":"dev","plan":{"steps":[
                 {"name":"call","skill":"http","params":{"url":"%s"},"retry":{"maxAttempts":1}}]}}""".formatted(server.url("/broken")));
        submitter.awaitStatus(failed, "FAILED", Duration.ofSeconds(10));

        assertThat(anonymous().withToken("not-a-token").get("/runs").status()).isEqualTo(401);

        Scrape after = scrape();
        assertThat(missingFromScrape(after)).as("metrics the dashboard queries that /actuator/prometheus lacks").isEmpty();

        assertThat(after.delta(before, "cku_runs_submitted_total", Map.of("mode", "dev"))).isEqualTo(2);
        assertThat(after.delta(before, "cku_runs_submitted_total", Map.of("mode", "staging"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_runs_submitted_total", Map.of("mode", "prod"))).isEqualTo(2);
        assertThat(after.delta(before, "cku_runs_finished_total", Map.of("mode", "staging", "status", "SUCCEEDED"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_runs_finished_total", Map.of("mode", "prod", "status", "REJECTED")))
                .as("refused at PLAN_APPROVAL, rejected at QUALITY").isEqualTo(2);
        assertThat(after.delta(before, "cku_runs_finished_total", Map.of("mode", "dev", "status", "FAILED"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_run_duration_seconds_count", Map.of("mode", "dev", "status", "SUCCEEDED"))).isGreaterThanOrEqualTo(1);

        assertThat(after.delta(before, "cku_gate_decisions_total", Map.of("gate", "QUALITY", "decision", "REJECT"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_gate_decisions_total", Map.of("gate", "QUALITY", "decision", "PAUSE"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_gate_decisions_total", Map.of("gate", "PLAN_APPROVAL", "decision", "PAUSE"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_gate_decisions_total", Map.of("gate", "POLICY", "decision", "PASS")))
                .as("the dev runs and the approved run passed every gate").isGreaterThanOrEqualTo(3);
        assertThat(after.delta(before, "cku_approval_wait_seconds_count", Map.of("gate", "QUALITY"))).as("the approval").isEqualTo(1);
        assertThat(after.delta(before, "cku_approval_wait_seconds_count", Map.of("gate", "PLAN_APPROVAL"))).as("the refusal").isEqualTo(1);
        assertThat(after.delta(before, "cku_gate_evaluation_seconds_count", Map.of("gate", "SECURITY"))).isGreaterThanOrEqualTo(5);

        assertThat(after.delta(before, "cku_step_attempts_total", Map.of("skill", "noop", "outcome", "succeeded"))).isEqualTo(3);
        assertThat(after.delta(before, "cku_step_attempts_total", Map.of("skill", "http", "outcome", "failed-permanent"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_step_duration_seconds_count", Map.of("skill", "http", "outcome", "failed-permanent"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_healing_actions_total", Map.of("action", "failed"))).isEqualTo(1);
        assertThat(after.delta(before, "cku_auth_failures_total", Map.of("reason", "bad-token"))).isEqualTo(1);
        assertThat(after.value("cku_rate_limited_total", Map.of("scope", "ip"))).as("registered before anything was limited").isNotNull();
        assertThat(after.value("cku_queue_oldest_pending_seconds", Map.of())).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRefusedLoginCountsAsABadPassword() {
        Scrape before = scrape();

        assertThat(anonymous().post("/auth/token", "{\"username\":\"admin\",\"password\":\"wrong-password\"}").status()).isEqualTo(401);

        assertThat(scrape().delta(before, "cku_auth_failures_total", Map.of("reason", "bad-password"))).isEqualTo(1);
    }

    @Test
    void theDashboardParserFindsMetricsAndNotFunctionsLabelsOrRanges() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{status=~\"5..\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(metricNames("max by (status) (cku_runs_active) / on(instance) group_left sum(increase(cku_runs_submitted_total[1h]))"))
                .containsExactly("cku_runs_active", "cku_runs_submitted_total");
    }

    private Set<String> missingFromScrape(Scrape scrape) throws IOException {
        Set<String> missing = new TreeSet<>();
        List<String> expressions = expressions(Api.json(Files.readString(DASHBOARD)));
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThan(20);
        for (String expr : expressions) {
            for (String name : metricNames(expr)) {
                if (!scrape.has(name)) {
                    missing.add(name);
                }
            }
        }
        return missing;
    }

    /** Every {@code expr} anywhere in the dashboard: its panels' targets, rows included. */
    static List<String> expressions(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isString()) {
                    found.add(field.getValue().asString());
                } else {
                    found.addAll(expressions(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> found.addAll(expressions(element)));
        }
        return found;
    }

    /**
     * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, Grafana variables and the
     * label lists of by/without/on/ignoring are gone, less function names (followed by a parenthesis), keywords and numbers.
     */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\$\\w+", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            if (!function && !PROMQL_WORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private Scrape scrape() {
        Api.Response response = api().get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static String staging() {
        return Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\"");
    }

    private static String decide(String id, String gate, String decision) {
        return "/admin/runs/" + id + "/gates/" + gate + "/" + decision;
    }

    /** One reading of the Prometheus text format: every sample's name, labels and value, and every family's name. */
    record Scrape(List<Sample> samples, Set<String> families) {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            Set<String> families = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    families.add(line.split(" ")[2]);
                    continue;
                }
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.find()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(3) == null ? "" : sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
            }
            return new Scrape(samples, families);
        }

        /** Whether a sample has this name, or a family does once a histogram's or summary's suffix is stripped. */
        boolean has(String name) {
            return samples.stream().anyMatch(s -> s.name().equals(name))
                    || families.contains(name.replaceFirst("_(bucket|sum|count|total)$", ""));
        }

        /** The sum of the samples of this name whose labels include these; null when there is none. */
        Double value(String name, Map<String, String> labels) {
            List<Sample> matching = samples.stream()
                    .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
            return matching.isEmpty() ? null : matching.stream().mapToDouble(Sample::value).sum();
        }

        /** How much this counter grew since {@code before} (a series not there before counts from 0). */
        double delta(Scrape before, String name, Map<String, String> labels) {
            Double now = value(name, labels);
            Double then = before.value(name, labels);
            return (now == null ? 0 : now) - (then == null ? 0 : then);
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }
}
