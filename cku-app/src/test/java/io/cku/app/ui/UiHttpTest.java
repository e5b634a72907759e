package io.cku.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api;
import io.cku.app.ServiceTest;
import io.cku.healing.CircuitBreakers;
import io.cku.healing.CircuitKey;
import io.cku.shared.FailureClass;

/**
 * The web UI over plain HTTP, as a browser's requests: the session login, CSRF on every form, the Content-Security-Policy
 * on every page, each page for each role, tenant scope, and forged decisions refused by the server whatever a page showed.
 */
class UiHttpTest extends ServiceTest {

    /** What Chromium asks for when it opens a page or sends a form. */
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PROD_RUN = """
            {"intent":"release payments 4.2","mode":"prod","evidence":{"coverage":0.91,"lint":"passed"},
             "plan":{"steps":[{"name":"deploy","skill":"noop"}]}}""";

    @Autowired
    private CircuitBreakers circuits;

    /** A browser: its cookies, and what it asks. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", HTML).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", HTML)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The CSRF token of a page's form. */
        String csrf(String path) throws IOException, InterruptedException {
            Matcher matcher = CSRF.matcher(get(path).body());
            assertThat(matcher.find()).as(path + " has a form with a CSRF token").isTrue();
            return matcher.group(1);
        }

        Browser signIn(String username, String password) throws IOException, InterruptedException {
            HttpResponse<String> signedIn = post("/ui/login", form("username", username, "password", password, "_csrf", csrf("/ui/login")));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/ui/");
            return this;
        }
    }

    /** A user of the tenant with these roles, and their password. */
    private record Person(String username, String password, Api api) {
    }

    private Person person(String tenant, String... roles) {
        String username = "ui-" + UUID.randomUUID().toString().substring(0, 10);
        String password = "password-" + username;
        String list = java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        assertThat(api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"tenant\":\"" + tenant
                + "\",\"roles\":[" + list + "]}").status()).isEqualTo(201);
        return new Person(username, password, anonymous().login(username, password));
    }

    private static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void sendsAStrangerToTheSignInPageAndSignsInWithTheApisUsersAndOut() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> root = browser.get("/");
        HttpResponse<String> wrong = browser.post("/ui/login", form("username", "admin", "password", "nope", "_csrf", browser.csrf("/ui/login")));
        browser.signIn("admin", ADMIN_PASSWORD);
        HttpResponse<String> home = browser.get("/ui/");
        HttpResponse<String> signedOut = browser.post("/ui/logout", form("_csrf", browser.csrf("/ui/")));
        HttpResponse<String> afterwards = browser.get("/ui/runs");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/ui/login");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/ui/login?error");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Recent runs", "user:admin");
        assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).isEqualTo(UiSecurity.CONTENT_SECURITY_POLICY);
        assertThat(home.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/ui/login?logout");
        assertThat(afterwards.statusCode()).as("the session ended").isEqualTo(302);
        assertThat(api().get("/runs").status()).as("the API keeps its bearer tokens and no session").isEqualTo(200);
    }

    @Test
    void everyPageRendersForEveryRoleItIsForWithTheContentSecurityPolicyAndIsRefusedToTheOthers() throws Exception {
        String tenant = "ui-pages-" + UUID.randomUUID().toString().substring(0, 8);
        Person operator = person(tenant, "OPERATOR");
        String id = operator.api().submit(PROD_RUN.replace("\"prod\"", "\"dev\""));
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("/ui/", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs?status=SUCCEEDED", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs?mode=dev&submitter=someone&label=team%3Dui&q=release", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs/listing?status=SUCCEEDED", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/home", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs/" + id, List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/runs/new", List.of("OPERATOR", "ADMIN"));
        pages.put("/ui/approvals", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/audit", List.of("APPROVER", "ADMIN"));
        pages.put("/ui/audit?run=" + id, List.of("APPROVER", "ADMIN"));
        pages.put("/ui/policies", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/learning", List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN"));
        pages.put("/ui/admin", List.of("ADMIN"));
        for (String role : List.of("VIEWER", "OPERATOR", "APPROVER", "ADMIN")) {
            Person person = person(tenant, role);
            Browser browser = new Browser().signIn(person.username(), person.password());
            for (var page : pages.entrySet()) {
                HttpResponse<String> answer = browser.get(page.getKey());
                boolean granted = page.getValue().contains(role);
                assertThat(answer.statusCode()).as(role + " " + page.getKey()).isEqualTo(granted ? 200 : 403);
                if (granted) {
                    assertThat(answer.headers().firstValue("Content-Security-Policy")).as(role + " " + page.getKey())
                            .contains(UiSecurity.CONTENT_SECURITY_POLICY);
                    assertThat(answer.body()).as(role + " " + page.getKey()).doesNotContain("<script>");
                    if (!page.getKey().startsWith("/ui/home") && !page.getKey().startsWith("/ui/runs/listing")) { // fragments have no head
                        assertThat(answer.body()).as(role + " " + page.getKey()).contains("/webjars/htmx.org/dist/htmx.min.js");
                        for (String linked : List.of("/ui/admin", "/ui/audit", "/ui/runs/new")) {
                            assertThat(answer.body().contains("href=\"" + linked + "\"")).as(role + " is offered " + linked + " on " + page.getKey())
                                    .isEqualTo(pages.get(linked).contains(role));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anAdministratorManagesUsersServiceAccountsPoliciesLearningAndVerifiesTheChain() throws Exception {
        String tenant = "ui-admin-" + UUID.randomUUID().toString().substring(0, 8);
        Person admin = person(tenant, "ADMIN");
        admin.api().post("/admin/policies", "{\"reason\":\"first\",\"rules\":[{\"name\":\"prod-look\",\"expression\":\"mode == 'prod'\","
                + "\"effect\":\"PAUSE\",\"message\":\"look\"}]}");
        admin.api().post("/admin/policies", "{\"reason\":\"second\",\"rules\":[{\"name\":\"prod-look\",\"expression\":\"mode == 'prod'\","
                + "\"effect\":\"WARN\",\"message\":\"look\"}]}");
        Browser browser = new Browser().signIn(admin.username(), admin.password());
        String name = "dana-" + UUID.randomUUID().toString().substring(0, 6);

        HttpResponse<String> created = browser.post("/ui/admin/users", form("username", name, "password", "a-long-enough-password",
                "roles", "OPERATOR", "reason", "joins", "_csrf", browser.csrf("/ui/admin")));
        Browser danas = new Browser().signIn(name, "a-long-enough-password");
        String asOperator = danas.get("/ui/runs").body();
        HttpResponse<String> promoted = browser.post("/ui/admin/users/roles", form("username", name, "roles", "APPROVER", "reason", "on call",
                "_csrf", browser.csrf("/ui/admin")));
        HttpResponse<String> asApprover = danas.get("/ui/audit");
        HttpResponse<String> disabled = browser.post("/ui/admin/users/enabled", form("username", name, "enabled", "false", "reason", "left",
                "_csrf", browser.csrf("/ui/admin")));
        HttpResponse<String> afterDisabled = danas.get("/ui/runs");
        HttpResponse<String> stillOut = danas.get("/ui/runs");
        HttpResponse<String> account = browser.post("/ui/admin/service-accounts", form("name", "ci-" + name, "roles", "VIEWER",
                "_csrf", browser.csrf("/ui/admin")));
        String page = browser.get("/ui/admin").body();
        String diff = browser.get("/ui/policies?diff=2").body();
        HttpResponse<String> activated = browser.post("/ui/policies/1/activate", form("reason", "roll back", "_csrf", browser.csrf("/ui/policies")));
        HttpResponse<String> frozen = browser.post("/ui/learning/freeze", form("to", "freeze", "reason", "incident", "_csrf", browser.csrf("/ui/learning")));
        String learning = browser.get("/ui/learning").body();
        HttpResponse<String> verified = browser.post("/ui/audit/verify", form("_csrf", browser.csrf("/ui/audit")));
        HttpResponse<String> export = browser.get("/ui/audit/export");

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(promoted.statusCode()).isEqualTo(302);
        assertThat(admin.api().get("/admin/users").json().valueStream().filter(u -> u.get("username").asString().equals(name)).findFirst()
                .orElseThrow().get("roles").toString()).isEqualTo("[\"APPROVER\"]");
        assertThat(asOperator).contains("<span class=\"roles\">OPERATOR</span>").doesNotContain("href=\"/ui/audit\"");
        assertThat(asApprover.statusCode()).as("new roles apply to a signed-in browser at once").isEqualTo(200);
        assertThat(asApprover.body()).contains("<span class=\"roles\">APPROVER</span>", "href=\"/ui/audit\"");
        assertThat(disabled.statusCode()).isEqualTo(302);
        assertThat(afterDisabled.statusCode()).as("a disabled user's browser is signed out at the next click").isEqualTo(302);
        assertThat(afterDisabled.headers().firstValue("Location").orElseThrow()).endsWith("/ui/login?ended");
        assertThat(stillOut.statusCode()).isEqualTo(302);
        assertThat(stillOut.headers().firstValue("Location").orElseThrow()).endsWith("/ui/login");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(page).contains(name, "ci-" + name, "API key, shown this once", "cku_");
        assertThat(admin.api().get("/admin/users").json().toString()).contains("\"username\":\"" + name + "\"");
        assertThat(anonymous().post("/auth/token", "{\"username\":\"" + name + "\",\"password\":\"a-long-enough-password\"}").status())
                .as("a disabled user cannot sign in").isEqualTo(401);
        assertThat(diff).contains("From version 1 to 2", "~ prod-look", "before: PAUSE when mode == &#39;prod&#39;");
        assertThat(activated.statusCode()).isEqualTo(302);
        assertThat(admin.api().get("/policies/1").json().get("active").asBoolean()).isTrue();
        assertThat(frozen.statusCode()).isEqualTo(302);
        assertThat(learning).contains("is frozen");
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("VALID: ");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains("cku-audit.ndjson");
        assertThat(export.body().lines().findFirst().orElseThrow()).startsWith("{\"seq\":1,");
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsRefused() throws Exception {
        Browser browser = new Browser().signIn("admin", ADMIN_PASSWORD);
        String id = api().submit("{\"intent\":\"nap\",\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\",\"params\":{\"ms\":20000}}]}}");

        HttpResponse<String> forged = browser.post("/ui/runs/" + id + "/cancel", form("reason", "no token"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(forged.body()).contains("sent without its security token", "Nothing was changed");
        assertThat(api().get("/runs/" + id).json().get("status").asString()).isNotEqualTo("CANCELLED");
        api().post("/runs/" + id + "/cancel", "{}");
    }

    @Test
    void theSubmitterSeesWhyThereIsNoButtonAndForgedApprovalsAreRefused() throws Exception {
        String tenant = "ui-own-" + UUID.randomUUID().toString().substring(0, 8);
        Person submitter = person(tenant, "ADMIN");
        Person viewer = person(tenant, "VIEWER");
        String id = submitter.api().submit(PROD_RUN);
        submitter.api().awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        Browser own = new Browser().signIn(submitter.username(), submitter.password());
        Browser looking = new Browser().signIn(viewer.username(), viewer.password());

        String inbox = own.get("/ui/approvals").body();
        HttpResponse<String> forged = own.post("/ui/approvals/decide", form("runId", id, "gate", "PLAN_APPROVAL", "step", "",
                "decision", "approve", "reason", "trust me", "_csrf", own.csrf("/ui/")));
        String viewersInbox = looking.get("/ui/approvals").body();
        HttpResponse<String> viewerForged = looking.post("/ui/approvals/decide", form("runId", id, "gate", "PLAN_APPROVAL", "step", "",
                "decision", "approve", "reason", "me too", "_csrf", looking.csrf("/ui/")));

        assertThat(inbox).contains("You cannot approve your own run.").doesNotContain("Approve…");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("You cannot decide this");
        assertThat(viewersInbox).contains("release payments 4.2").doesNotContain("Approve…");
        assertThat(viewerForged.statusCode()).isEqualTo(403);
        assertThat(submitter.api().get("/runs/" + id).json().get("status").asString()).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void anotherTenantsRunIsNotFoundAndUserInputIsEscaped() throws Exception {
        Person a = person("ui-a-" + UUID.randomUUID().toString().substring(0, 8), "OPERATOR");
        Person b = person("ui-b-" + UUID.randomUUID().toString().substring(0, 8), "OPERATOR");
        String hostile = "<script>alert(1)</script> \\\"><img src=x onerror=alert(2)>";
        String id = a.api().submit("{\"intent\":\"" + hostile + "\",\"labels\":{\"x\":\"<b>bold</b>\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");

        HttpResponse<String> own = new Browser().signIn(a.username(), a.password()).get("/ui/runs/" + id);
        Browser other = new Browser().signIn(b.username(), b.password());
        HttpResponse<String> others = other.get("/ui/runs/" + id);
        HttpResponse<String> notAnId = other.get("/ui/runs/not-a-run");
        HttpResponse<String> list = new Browser().signIn(a.username(), a.password()).get("/ui/runs");

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert", "<img src=x");
        assertThat(list.body()).contains("&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold");
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(others.body()).contains("No such run").doesNotContain("alert");
        assertThat(notAnId.statusCode()).isEqualTo(404);
    }

    @Test
    void theNewRunPageNamesEveryProblemOfAPlanAndStoresNothingAndIsNotAViewers() throws Exception {
        String tenant = "ui-new-" + UUID.randomUUID().toString().substring(0, 8);
        Person operator = person(tenant, "OPERATOR");
        Person viewer = person(tenant, "VIEWER");
        Browser browser = new Browser().signIn(operator.username(), operator.password());
        long before = runCount();

        HttpResponse<String> invalid = browser.post("/ui/runs/new", form("plan", "plan:\n  steps:\n    - {name: a}\n", "mode", "sometimes",
                "labels", "", "action", "submit", "_csrf", browser.csrf("/ui/runs/new")));
        HttpResponse<String> notYaml = browser.post("/ui/runs/new", form("plan", "intent: x\nplan: {stpes: []}\n", "mode", "dev",
                "labels", "", "action", "evaluate", "_csrf", browser.csrf("/ui/runs/new")));
        HttpResponse<String> prod = browser.post("/ui/runs/new", form("plan", UiNewRun.EXAMPLE, "mode", "prod", "labels", "",
                "action", "submit", "_csrf", browser.csrf("/ui/runs/new")));
        HttpResponse<String> submitted = browser.post("/ui/runs/new", form("plan", UiNewRun.EXAMPLE, "mode", "dev", "labels", "team=ui",
                "action", "submit", "_csrf", browser.csrf("/ui/runs/new")));
        HttpResponse<String> viewers = new Browser().signIn(viewer.username(), viewer.password()).get("/ui/runs/new");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("intent: is required", "mode: must be one of dev, staging, prod; was &#39;sometimes&#39;",
                "plan.steps[0].skill: a step names a skill");
        assertThat(notYaml.statusCode()).isEqualTo(400);
        assertThat(notYaml.body()).contains("the plan is not a run request (line 2)", "stpes");
        assertThat(prod.statusCode()).isEqualTo(403);
        assertThat(prod.body()).contains("runs:submit:prod");
        assertThat(runCount()).isEqualTo(before + 1);
        assertThat(submitted.statusCode()).isEqualTo(302);
        String id = submitted.headers().firstValue("Location").orElseThrow().replaceAll(".*/ui/runs/", "");
        assertThat(operator.api().get("/runs/" + id).json().get("labels").get("team").asString()).isEqualTo("ui");
        assertThat(viewers.statusCode()).isEqualTo(403);
    }

    @Test
    void anApproverDecidesHowARunWaitingAfterAFailureGoesOnInTwoSteps() throws Exception {
        String tenant = "ui-decide-" + UUID.randomUUID().toString().substring(0, 8);
        Person submitter = person(tenant, "ADMIN");
        Person alice = person(tenant, "APPROVER");
        Person bob = person(tenant, "APPROVER");
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String id = submitter.api().submit(("{\"intent\":\"release\",\"mode\":\"prod\",\"evidence\":{\"coverage\":0.95,\"lint\":\"passed\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"release\",\"skill\":\"http\",\"params\":{\"url\":\"http://127.0.0.1:%d/\"},"
                + "\"retry\":{\"maxAttempts\":1}}]}}").formatted(closed));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var run = submitter.api().get("/runs/" + id).json();
            if (run.get("status").asString().equals("AWAITING_APPROVAL")) {
                String gate = run.get("gates").get(run.get("gates").size() - 1).get("gate").asString();
                alice.api().post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"reviewed\"}");
                bob.api().post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"reviewed\"}");
            }
            return run.get("status").asString().equals("AWAITING_DECISION");
        });
        Browser browser = new Browser().signIn(alice.username(), alice.password());

        String inbox = browser.get("/ui/approvals").body();
        HttpResponse<String> confirm = browser.post("/ui/decisions/confirm", form("runId", id, "action", "abort", "reason", "the server is gone",
                "_csrf", browser.csrf("/ui/approvals")));
        HttpResponse<String> decided = browser.post("/ui/decisions/decide", form("runId", id, "action", "abort", "reason", "the server is gone",
                "_csrf", browser.csrf("/ui/approvals")));

        assertThat(inbox).contains("Waiting for a decision after a failure", "Retry…", "Abort…", "Recommended: ");
        assertThat(confirm.body()).contains("Decide: abort?", "Confirm abort");
        assertThat(decided.statusCode()).isEqualTo(302);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> !submitter.api().get("/runs/" + id).json().get("status").asString().startsWith("AWAITING"));
        assertThat(submitter.api().get("/runs/" + id).json().get("healing").toString()).contains("decided-abort", "the server is gone");
    }

    @Test
    void theRunsListFiltersByStatusModeSubmitterLabelAndIntentAndCountsEachStatus() throws Exception {
        String tenant = "ui-list-" + UUID.randomUUID().toString().substring(0, 8);
        Person alice = person(tenant, "OPERATOR");
        Person bob = person(tenant, "OPERATOR");
        String alpha = alice.api().submit("{\"intent\":\"Deploy alpha 100%_done\",\"labels\":{\"team\":\"pay\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        String beta = bob.api().submit("{\"intent\":\"migrate beta\",\"mode\":\"staging\",\"labels\":{\"team\":\"core\"},"
                + "\"evidence\":{\"coverage\":0.91,\"lint\":\"passed\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        String gamma = bob.api().submit("{\"intent\":\"nap gamma\",\"labels\":{\"team\":\"pay\",\"ticket\":\"CKU-1\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\",\"params\":{\"ms\":20000}}]}}");
        alice.api().awaitStatus(alpha, "SUCCEEDED", Duration.ofSeconds(20));
        alice.api().awaitStatus(beta, "SUCCEEDED", Duration.ofSeconds(20));
        alice.api().awaitStatus(gamma, "RUNNING", Duration.ofSeconds(20));
        Browser browser = new Browser().signIn(alice.username(), alice.password());

        String all = browser.get("/ui/runs").body();
        String pay = browser.get("/ui/runs?label=team%3Dpay").body();
        String ticketed = browser.get("/ui/runs?label=ticket").body();
        String byBob = browser.get("/ui/runs?submitter=" + bob.username()).body();
        String qualified = browser.get("/ui/runs?submitter=user%3A" + alice.username()).body();
        String staging = browser.get("/ui/runs?mode=staging").body();
        String text = browser.get("/ui/runs?q=ALPHA").body();
        String wildcards = browser.get("/ui/runs?q=%25_").body();
        String literal = browser.get("/ui/runs?q=100%25_").body();
        String succeededOfPay = browser.get("/ui/runs?label=team%3Dpay&status=SUCCEEDED").body();
        String fragment = browser.get("/ui/runs/listing?status=RUNNING").body();
        HttpResponse<String> nul = browser.get("/ui/runs?q=%00");
        HttpResponse<String> tooLong = browser.get("/ui/runs?label=" + "x".repeat(201));

        assertThat(all).contains("Deploy alpha", "migrate beta", "nap gamma", "All <strong>3</strong>",
                "SUCCEEDED</span> <strong>2</strong>", "RUNNING</span> <strong>1</strong>", "user:" + bob.username());
        assertThat(pay).contains("Deploy alpha", "nap gamma", "All <strong>2</strong>").doesNotContain("migrate beta");
        assertThat(ticketed).contains("nap gamma").doesNotContain("Deploy alpha", "migrate beta");
        assertThat(byBob).contains("migrate beta", "nap gamma").doesNotContain("Deploy alpha");
        assertThat(qualified).contains("Deploy alpha").doesNotContain("migrate beta", "nap gamma");
        assertThat(staging).contains("migrate beta").doesNotContain("Deploy alpha", "nap gamma");
        assertThat(text).as("ignoring case").contains("Deploy alpha").doesNotContain("migrate beta", "nap gamma");
        assertThat(wildcards).as("% and _ are literal characters").contains("Deploy alpha").doesNotContain("migrate beta", "nap gamma");
        assertThat(literal).contains("Deploy alpha");
        assertThat(succeededOfPay).contains("Deploy alpha", "All <strong>2</strong>", "SUCCEEDED</span> <strong>1</strong>")
                .doesNotContain("nap gamma").contains("href=\"/ui/runs?label=team%3Dpay&amp;status=RUNNING\"");
        assertThat(fragment).startsWith("<section id=\"listing\"").contains("nap gamma").doesNotContain("Deploy alpha", "<header");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("text: must be at most 200 characters, with no NUL");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        alice.api().post("/runs/" + gamma + "/cancel", "{}");
    }

    @Test
    void theHomePageChartsRunsEndedPerHourAndShowsCircuitsQueueAgeAndTheAuditChain() throws Exception {
        String tenant = "ui-home-" + UUID.randomUUID().toString().substring(0, 8);
        Person admin = person(tenant, "ADMIN");
        Person viewer = person(tenant, "VIEWER");
        String ok = admin.api().submit("{\"intent\":\"fine\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        String refused = admin.api().submit("{\"intent\":\"no evidence\",\"mode\":\"prod\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        admin.api().awaitStatus(ok, "SUCCEEDED", Duration.ofSeconds(20));
        admin.api().awaitStatus(refused, "REJECTED", Duration.ofSeconds(20));
        for (int i = 0; i < CIRCUIT_THRESHOLD; i++) {
            circuits.record(new CircuitKey(tenant, "http", "payments.internal:443"), FailureClass.TRANSIENT, Instant.now());
        }
        circuits.record(new CircuitKey(tenant, "shell", "make deploy"), FailureClass.TRANSIENT, Instant.now());

        String home = new Browser().signIn(admin.username(), admin.password()).get("/ui/").body();
        String viewers = new Browser().signIn(viewer.username(), viewer.password()).get("/ui/home").body();

        assertThat(home).contains("aria-label=\"2 runs ended in the last 24 hours\"", "<rect class=\"SUCCEEDED\"", "<rect class=\"REJECTED\"",
                ": 1</title>", "oldest run waiting for a worker", "audit chain");
        assertThat(home).containsPattern("payments.internal:443</td>\\s*<td><span class=\"circuit open\">open</span>");
        assertThat(home).containsPattern("make deploy</td>\\s*<td><span class=\"circuit closed\">closed</span>");
        assertThat(viewers).as("a viewer may not read the audit log").contains("payments.internal:443").doesNotContain("audit chain");
    }

    @Test
    void theAuditPageListsTheEntriesOfARunOfTheTenantAndTheWitnessesState() throws Exception {
        Person a = person("ui-audit-a-" + UUID.randomUUID().toString().substring(0, 8), "ADMIN");
        Person b = person("ui-audit-b-" + UUID.randomUUID().toString().substring(0, 8), "ADMIN");
        String id = a.api().submit("{\"intent\":\"audited\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        a.api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        Browser browser = new Browser().signIn(a.username(), a.password());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)) // entries are linked into the chain a moment after the change
                .until(() -> browser.get("/ui/audit?run=" + id).body().contains("run.finished"));

        HttpResponse<String> own = browser.get("/ui/audit?run=" + id);
        HttpResponse<String> others = new Browser().signIn(b.username(), b.password()).get("/ui/audit?run=" + id);
        String runPage = new Browser().signIn(a.username(), a.password()).get("/ui/runs/" + id).body();

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).containsPattern("<strong id=\"chain-size\">[1-9][0-9]*</strong> entries in the chain");
        assertThat(own.body()).contains("run.submitted", "run.step-succeeded", "run.finished", "user:" + a.username(),
                "&quot;intent&quot;:&quot;audited&quot;", "http://127.0.0.1:" + WITNESS_PORT + "/add-checkpoint")
                .containsPattern("id=\"witness-state\" class=\"status [A-Z]+\">in (agreement|conflict)</span>")
                .as("the run's state, kept for the event stream, is left to the export").doesNotContain("&quot;view&quot;");
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(runPage).contains("href=\"/ui/audit?run=" + id + "\"");
    }
}
