package io.cku.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cku.app.Api;
import io.cku.app.ServiceTest;

/**
 * The web control plane in a real headless Chromium against the started service: signing in and out, a prod run's pause
 * arriving in an approver's inbox without a reload, approving it in two steps and watching the run finish live, what a
 * viewer and the submitter are (not) offered, and user input shown as text. Screenshots go to {@code docs/screenshots}.
 */
class BrowserTest extends ServiceTest {

    private static final String PROD_RUN = """
            {"intent":"release payments 4.2","mode":"prod","labels":{"team":"payments"},
             "evidence":{"coverage":0.91,"lint":"passed"},"plan":{"steps":[{"name":"deploy","skill":"noop"},{"name":"verify","skill":"noop"}]}}""";

    private WebDriver first;
    private WebDriver second;

    @AfterEach
    void closeBrowsers() {
        for (WebDriver driver : new WebDriver[] {first, second}) {
            if (driver != null) {
                driver.quit();
            }
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A user of the tenant with these roles; their password is {@code password-<name>}. */
    private String person(String tenant, String role) {
        String username = "web-" + UUID.randomUUID().toString().substring(0, 10);
        assertThat(api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\",\"tenant\":\""
                + tenant + "\",\"roles\":[\"" + role + "\"]}").status()).isEqualTo(201);
        return username;
    }

    private void signIn(WebDriver driver, String username, String password) {
        driver.get(url("/"));
        wait(driver).until(d -> d.getCurrentUrl().endsWith("/ui/login"));
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait(driver).until(d -> d.getCurrentUrl().endsWith("/ui/"));
    }

    private static WebDriverWait wait(WebDriver driver) {
        return wait(driver, Duration.ofSeconds(10));
    }

    /** A wait that reads again what htmx swapped meanwhile. */
    private static WebDriverWait wait(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(25)); // not the default half second: the waits also time what a person would see
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Test
    void signsInAndOut() {
        first = Chromium.start();

        signIn(first, "admin", ADMIN_PASSWORD);
        assertThat(first.findElement(By.tagName("h1")).getText()).isEqualTo("Home");
        assertThat(first.findElement(By.cssSelector("header .who")).getText()).contains("user:admin", "default");
        first.findElement(By.cssSelector("header form button")).click();

        wait(first).until(d -> d.getCurrentUrl().endsWith("/ui/login?logout"));
        assertThat(first.findElement(By.className("notice")).getText()).isEqualTo("You are signed out.");
        first.get(url("/ui/runs"));
        assertThat(first.getCurrentUrl()).endsWith("/ui/login");
    }

    @Test
    void aPauseReachesTheApproversInboxLiveAndApprovingItFinishesTheRunLive() {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String submitter = person(tenant, "ADMIN");
        String alice = person(tenant, "APPROVER");
        String bob = person(tenant, "APPROVER");
        first = Chromium.start();
        second = Chromium.start();
        signIn(first, alice, "password-" + alice);
        first.get(url("/ui/approvals"));
        wait(first).until(d -> d.findElement(By.id("inbox")).getText().contains("Nothing is waiting"));
        Api submitting = anonymous().login(submitter, "password-" + submitter);
        signIn(second, submitter, "password-" + submitter);

        String id = submitting.submit(PROD_RUN);
        var paused = submitting.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        // the promise: in the inbox within a second of the pause, without a reload (the API saw it within 50 ms of it)
        wait(first, Duration.ofSeconds(1)).until(d -> d.findElements(By.cssSelector("article.pause[data-run='" + id + "']")).size() == 1);
        java.time.Instant decided = java.time.Instant.parse(paused.get("gates").get(paused.get("gates").size() - 1).get("decidedAt").asString());
        System.out.println("BrowserTest: the pause was in the approver's inbox " + Duration.between(decided, java.time.Instant.now()).toMillis()
                + " ms after the gate decided it");
        second.get(url("/ui/runs/" + id));
        WebElement pause = first.findElement(By.cssSelector("article.pause[data-run='" + id + "']"));
        assertThat(pause.getText()).contains("release payments 4.2", "PLAN_APPROVAL", "0 of 1", "deploy (noop)", "verify (noop)",
                "coverage: 0.91", "lint: passed", "operational risk score");
        wait(first).until(d -> d.findElement(By.id("approvals-badge")).getText().equals("1"));
        Chromium.screenshot(first, "approvals");

        pause.findElement(By.name("reason")).sendKeys("plan reviewed");
        pause.findElement(By.cssSelector("button[value=approve]")).click();
        wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals("Approve PLAN_APPROVAL?"));
        first.findElement(By.cssSelector("button[value=approve]")).click();
        wait(first).until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + id));
        assertThat(first.findElement(By.className("notice")).getText()).isEqualTo("Approved PLAN_APPROVAL.");

        Api aliceApi = anonymous().login(alice, "password-" + alice);
        Api bobApi = anonymous().login(bob, "password-" + bob);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            var run = submitting.get("/runs/" + id).json();
            var gates = run.get("gates");
            return run.get("status").asString().equals("AWAITING_APPROVAL") && gates.get(gates.size() - 1).get("gate").asString().equals("CONSENSUS");
        });
        aliceApi.post("/admin/runs/" + id + "/gates/CONSENSUS/approve", "{\"reason\":\"ok\"}");
        bobApi.post("/admin/runs/" + id + "/gates/CONSENSUS/approve", "{\"reason\":\"second pair of eyes\"}");

        wait(second).until(d -> d.findElement(By.id("run-status")).getText().equals("SUCCEEDED"));
        wait(second).until(d -> d.findElements(By.cssSelector("ol.steps li .step-status")).stream().map(WebElement::getText).toList()
                .equals(java.util.List.of("SUCCEEDED", "SUCCEEDED")));
        assertThat(second.getCurrentUrl()).as("no reload: the page the submitter opened").endsWith("/ui/runs/" + id);
        Chromium.screenshot(second, "run");
    }

    @Test
    void aNewcomerSubmitsAProdRunFromTheNewRunPageAndSeesItPauseAndFinishWithoutReloading() {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String submitter = person(tenant, "ADMIN");
        String alice = person(tenant, "APPROVER");
        String bob = person(tenant, "APPROVER");
        first = Chromium.start();
        second = Chromium.start();
        signIn(first, submitter, "password-" + submitter);
        signIn(second, alice, "password-" + alice);

        first.findElement(By.linkText("New run")).click();
        wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals("New run"));
        new Select(first.findElement(By.name("mode"))).selectByValue("prod");
        first.findElement(By.name("labels")).sendKeys("team=payments");
        first.findElement(By.cssSelector("button[value=evaluate]")).click();
        wait(first).until(d -> d.findElements(By.cssSelector(".dry-run tr")).size() > 1);
        assertThat(first.findElement(By.cssSelector(".dry-run")).getText()).contains("PLAN_APPROVAL", "PAUSE", "SECURITY", "PASS");
        Chromium.screenshot(first, "new-run");
        first.findElement(By.cssSelector("button[value=submit]")).click();
        wait(first).until(d -> d.getCurrentUrl().matches(".*/ui/runs/[0-9a-f-]{36}"));
        String id = first.getCurrentUrl().replaceAll(".*/ui/runs/", "");
        ((JavascriptExecutor) first).executeScript("window.stillThisPage = true;");
        wait(first).until(d -> d.findElement(By.id("run-status")).getText().equals("AWAITING_APPROVAL"));

        approveInTheInbox(second, id, "PLAN_APPROVAL", "plan reviewed");
        approveInTheInbox(second, id, "CONSENSUS", "ok from me");
        anonymous().login(bob, "password-" + bob).post("/admin/runs/" + id + "/gates/CONSENSUS/approve", "{\"reason\":\"second pair of eyes\"}");

        wait(first, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("run-status")).getText().equals("SUCCEEDED"));
        assertThat(((JavascriptExecutor) first).executeScript("return window.stillThisPage === true;")).as("no reload").isEqualTo(true);
        wait(first).until(d -> {
            String timeline = d.findElement(By.id("timeline")).getText();
            return timeline.contains("approved by user:" + alice) && timeline.contains("team=payments") && timeline.contains("SUCCEEDED");
        });
    }

    /** As an approver: waits for the pause in the inbox (live), gives the reason, confirms. */
    private void approveInTheInbox(WebDriver driver, String id, String gate, String reason) {
        driver.get(url("/ui/approvals"));
        By pause = By.cssSelector("article.pause[data-run='" + id + "']");
        wait(driver).until(d -> d.findElements(pause).size() == 1 && d.findElement(pause).getText().contains(gate));
        WebElement card = driver.findElement(pause);
        card.findElement(By.name("reason")).sendKeys(reason);
        card.findElement(By.cssSelector("button[value=approve]")).click();
        wait(driver).until(d -> d.findElement(By.tagName("h1")).getText().equals("Approve " + gate + "?"));
        driver.findElement(By.cssSelector("button[value=approve]")).click();
        wait(driver).until(d -> d.getCurrentUrl().endsWith("/ui/runs/" + id));
    }

    @Test
    void aViewerSeesNoButtonsAndUserInputIsShownAsText() {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String operator = person(tenant, "OPERATOR");
        String viewer = person(tenant, "VIEWER");
        Api operating = anonymous().login(operator, "password-" + operator);
        String hostile = "<script>alert(1)</script> \\\"><img src=x onerror=alert(2)>";
        String shown = "<script>alert(1)</script> \"><img src=x onerror=alert(2)>";
        String id = operating.submit("{\"intent\":\"" + hostile + "\",\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\","
                + "\"params\":{\"ms\":20000}}]}}");
        operating.awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        first = Chromium.start();
        second = Chromium.start();

        signIn(second, operator, "password-" + operator);
        second.get(url("/ui/runs/" + id));
        assertThat(second.findElements(By.cssSelector("form.cancel"))).as("the operator may cancel the running run").hasSize(1);
        signIn(first, viewer, "password-" + viewer);
        first.get(url("/ui/runs/" + id));

        wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals(shown));
        assertThat(first.findElements(By.tagName("img"))).isEmpty();
        assertThat(first.findElements(By.cssSelector("form.cancel"))).as("a viewer may not cancel").isEmpty();
        assertThat(alertShown(first)).isFalse();
        first.get(url("/ui/approvals"));
        assertThat(first.findElements(By.cssSelector("form.decide"))).isEmpty();
        operating.post("/runs/" + id + "/cancel", "{}");
    }

    private static boolean alertShown(WebDriver driver) {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    @Test
    void theSubmitterIsOfferedNoApprovalAndForgedPostsTokenlessFormsAndAnotherTenantsRunAreRefused() {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String submitter = person(tenant, "ADMIN");
        String stranger = person("web-other-" + UUID.randomUUID().toString().substring(0, 8), "ADMIN");
        Api submitting = anonymous().login(submitter, "password-" + submitter);
        String id = submitting.submit(PROD_RUN);
        submitting.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        first = Chromium.start();
        second = Chromium.start();
        signIn(first, submitter, "password-" + submitter);

        first.get(url("/ui/approvals"));
        By pause = By.cssSelector("article.pause[data-run='" + id + "']");
        wait(first).until(d -> d.findElements(pause).size() == 1 && d.findElement(pause).getText().contains("You cannot approve your own run.")
                && d.findElement(pause).findElements(By.cssSelector("button[value=approve], button[value=reject]")).isEmpty());

        postFromThePage(first, "/ui/approvals/decide", true, "runId", id, "gate", "PLAN_APPROVAL", "step", "", "decision", "approve",
                "reason", "trust me");
        wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals("You cannot decide this"));
        first.get(url("/ui/runs/" + id));
        postFromThePage(first, "/ui/runs/" + id + "/cancel", false, "reason", "no token");
        wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals("This request was refused"));
        assertThat(first.findElement(By.tagName("main")).getText()).contains("without its security token");
        assertThat(submitting.get("/runs/" + id).json().get("status").asString()).as("neither post changed the run")
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(submitting.get("/runs/" + id).json().get("approvals")).isEmpty();

        signIn(second, stranger, "password-" + stranger);
        second.get(url("/ui/runs/" + id));
        assertThat(second.findElement(By.tagName("h1")).getText()).isEqualTo("No such run");
        assertThat(second.getPageSource()).doesNotContain("release payments 4.2");
        assertThat(status(second, "/ui/runs/" + id)).isEqualTo(404);
        assertThat(status(second, "/ui/audit?run=" + id)).isEqualTo(404);
        submitting.post("/runs/" + id + "/cancel", "{}");
    }

    /**
     * Builds a form in the open page and sends it, as a forged or tampered page would: with the page's CSRF token when
     * {@code withToken}, without it otherwise.
     */
    private static void postFromThePage(WebDriver driver, String action, boolean withToken, String... fields) {
        ((JavascriptExecutor) driver).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const fields = arguments[2];
                if (arguments[1]) {
                    fields.push('_csrf', document.querySelector('input[name=_csrf]').value);
                }
                for (let i = 0; i < fields.length; i += 2) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = fields[i];
                    input.value = fields[i + 1];
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", action, withToken, java.util.Arrays.asList(fields));
    }

    /** The status the service answers this browser for a page, read by the page's own script. */
    private static long status(WebDriver driver, String path) {
        return (Long) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status));", path);
    }

    @Test
    void theRunsListShowsNewRunsAndTheirStatusChangesWithoutAReload() {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String operator = person(tenant, "OPERATOR");
        Api operating = anonymous().login(operator, "password-" + operator);
        String done = operating.submit("{\"intent\":\"earlier run\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        operating.awaitStatus(done, "SUCCEEDED", Duration.ofSeconds(20));
        first = Chromium.start();
        signIn(first, operator, "password-" + operator);
        first.get(url("/ui/runs"));
        ((JavascriptExecutor) first).executeScript("window.stillThisPage = true;");
        wait(first).until(d -> d.findElement(By.cssSelector(".counts")).getText().contains("All 1"));

        String id = operating.submit("{\"intent\":\"short nap\",\"labels\":{\"team\":\"web\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\",\"params\":{\"ms\":1500}}]}}");
        By row = By.cssSelector("#run-" + id + " .status");
        wait(first).until(d -> d.findElements(row).size() == 1 && d.findElement(row).getText().equals("RUNNING"));
        wait(first).until(d -> d.findElement(row).getText().equals("SUCCEEDED"));
        wait(first).until(d -> d.findElement(By.cssSelector(".counts")).getText().contains("SUCCEEDED 2"));
        assertThat(((JavascriptExecutor) first).executeScript("return window.stillThisPage === true;")).as("no reload").isEqualTo(true);
        assertThat(first.findElement(By.id("run-" + id)).getText()).contains("short nap", "user:" + operator, "team=web");

        first.findElement(By.name("q")).sendKeys("EARLIER");
        first.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        wait(first).until(d -> d.getCurrentUrl().contains("q=EARLIER"));
        assertThat(first.findElements(By.cssSelector("table.runs tbody tr"))).hasSize(1);
        assertThat(first.findElement(By.cssSelector("table.runs tbody")).getText()).contains("earlier run");
        assertThat(Chromium.consoleErrors(first)).isEmpty();
    }

    @Test
    void aPlanFileIsReadIntoTheNewRunFormAndDryRun() throws Exception {
        String tenant = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String operator = person(tenant, "OPERATOR");
        java.nio.file.Path plan = java.nio.file.Files.createTempFile("plan-", ".yaml");
        java.nio.file.Files.writeString(plan, """
                intent: rotate the certificates
                plan:
                  steps:
                    - name: rotate
                      skill: noop
                """);
        first = Chromium.start();
        signIn(first, operator, "password-" + operator);

        first.get(url("/ui/runs/new"));
        WebElement file = first.findElement(By.id("plan-file"));
        assertThat(file.isDisplayed()).as("offered once the page's script runs").isTrue();
        file.sendKeys(plan.toString());
        wait(first).until(d -> d.findElement(By.id("plan")).getDomProperty("value").contains("rotate the certificates"));
        assertThat(first.findElement(By.id("plan-file-note")).getText()).contains("Loaded " + plan.getFileName());
        first.findElement(By.cssSelector("button[value=evaluate]")).click();
        wait(first).until(d -> d.findElements(By.cssSelector(".dry-run tr")).size() > 1);
        assertThat(first.findElement(By.id("plan")).getDomProperty("value")).contains("rotate the certificates");
        first.findElement(By.cssSelector("button[value=submit]")).click();
        wait(first).until(d -> d.getCurrentUrl().matches(".*/ui/runs/[0-9a-f-]{36}"));
        wait(first).until(d -> d.findElement(By.id("run-status")).getText().equals("SUCCEEDED"));
        assertThat(first.findElement(By.tagName("h1")).getText()).isEqualTo("rotate the certificates");
        assertThat(Chromium.consoleErrors(first)).isEmpty();
    }

    @Test
    void everyMainPageRendersWithoutAConsoleErrorUnderTheContentSecurityPolicy() {
        Api admin = api();
        String id = admin.submit("{\"intent\":\"tour the pages\",\"labels\":{\"team\":\"docs\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        admin.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        first = Chromium.start();
        first.get(url("/ui/login"));
        Chromium.screenshot(first, "login");
        signIn(first, "admin", ADMIN_PASSWORD);
        // path, heading, screenshot (none where another test takes it with more in it: the inbox with a pause, a dry run)
        String[][] pages = {
            {"/ui/", "Home", "home"},
            {"/ui/runs", "Runs", "runs"},
            {"/ui/audit?run=" + id, "Audit log", "audit"},
            {"/ui/policies", "Policy versions", "policies"},
            {"/ui/learning", "Learning", "learning"},
            {"/ui/admin", "Administration", "admin"},
            {"/ui/approvals", "Waiting for approval", null},
            {"/ui/runs/new", "New run", null},
            {"/ui/runs/" + id, "tour the pages", null},
        };

        for (String[] page : pages) {
            first.get(url(page[0]));
            wait(first).until(d -> d.findElement(By.tagName("h1")).getText().equals(page[1]));
            assertThat(Chromium.consoleErrors(first)).as(page[0]).isEmpty();
            if (page[2] != null) {
                Chromium.screenshot(first, page[2]);
            }
        }
        first.get(url("/ui/"));
        assertThat(first.findElements(By.cssSelector("svg.chart rect"))).as("the runs ended per hour").isNotEmpty();
    }
}
