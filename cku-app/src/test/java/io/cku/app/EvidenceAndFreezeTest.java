package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

/** CI reports attached as evidence, and freeze windows, as a client meets them over HTTP. */
class EvidenceAndFreezeTest extends ServiceTest {

    private static final Path REPORTS = Path.of("../cku-governance/src/test/resources/evidence");

    @Test
    void aJacocoReportAndACleanSarifReportPassQualityInProd() throws IOException {
        String jacoco = Files.readString(REPORTS.resolve("jacoco-cku-governance.xml"));
        double expected = lineCoverage(jacoco);

        Response dryRun = api().post("/runs/evaluate", prodRun(attachment("jacoco", jacoco) + "," + attachment("sarif",
                Files.readString(REPORTS.resolve("checkstyle-warnings.sarif")))));

        assertThat(dryRun.status()).isEqualTo(200);
        JsonNode quality = dryRun.json().get("gates").get(1);
        assertThat(quality.get("decision").asString()).isEqualTo("PASS");
        assertThat(quality.get("reason").asString()).contains(String.format(java.util.Locale.ROOT, "coverage %.2f%%", expected * 100))
                .contains("lint passed");
    }

    @Test
    void aSarifReportWithErrorsRejectsAProdRunAndTheRunKeepsTheSummary() throws IOException {
        String jacoco = Files.readString(REPORTS.resolve("jacoco-cku-governance.xml"));
        String id = api().submit(prodRun(attachment("jacoco", jacoco) + ","
                + attachment("sarif", Files.readString(REPORTS.resolve("eslint-with-errors.sarif")))));

        JsonNode run = api().awaitStatus(id, "REJECTED", Duration.ofSeconds(10));

        assertThat(run.get("reason").asString()).contains("QUALITY").contains("evidence.lint is 'failed'");
        assertThat(run.get("evidence").get("sarif").get("errors").asInt()).isPositive();
        assertThat(run.get("evidence").get("jacoco").get("lineCovered").asInt()).isPositive();
        assertThat(run.get("evidence").toString()).doesNotContain("<report").doesNotContain("\"content\"");
    }

    @Test
    void aMalformedReportIsAnswered400AndNothingIsStored() {
        long runs = runCount();

        Response truncated = api().post("/runs", prodRun(attachment("jacoco", "<?xml version=\"1.0\"?><report name=\"x\"><counter")));
        Response notSarif = api().post("/runs", prodRun(attachment("sarif", "{\"version\":\"2.1.0\"}")));

        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.json().get("errors").get(0).get("field").asString()).isEqualTo("evidence.attachments[0].content");
        assertThat(notSarif.status()).isEqualTo(400);
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void anActiveFreezePausesARunAndAnApproversOverrideLetsItContinue() {
        Api operator = userWith(FROZEN_TENANT, "OPERATOR");
        Api approver = userWith(FROZEN_TENANT, "APPROVER");
        String id = operator.submit(Api.noopRun(1));

        JsonNode paused = operator.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        JsonNode gate = paused.get("gates").get(paused.get("gates").size() - 1);
        assertThat(gate.get("gate").asString()).isEqualTo("CHANGE_WINDOW");
        assertThat(gate.get("reason").asString()).contains("freeze 'release-freeze' is active for dev");

        Response override = approver.post("/admin/runs/" + id + "/gates/change_window/approve", "{\"reason\":\"security fix\"}");

        assertThat(override.status()).isEqualTo(200);
        JsonNode done = operator.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(done.get("gates").get(6).get("reason").asString()).startsWith("approved by user:").contains("security fix");
    }

    @Test
    void aRejectingFreezeRejectsTheRun() {
        Api operator = userWith(FROZEN_TENANT, "OPERATOR");

        String id = operator.submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"dev\",\"labels\":{\"environment\":\"payments-db\"}"));

        JsonNode run = operator.awaitStatus(id, "REJECTED", Duration.ofSeconds(10));
        assertThat(run.get("reason").asString()).contains("CHANGE_WINDOW").contains("database-lockdown");
    }

    private static String prodRun(String attachments) {
        return """
                {"intent":"release with CI evidence","mode":"prod","evidence":{"attachments":[%s]},
                 "plan":{"steps":[{"name":"deploy","skill":"noop"}]}}""".formatted(attachments);
    }

    private static String attachment(String type, String content) {
        String encoded = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
        return "{\"type\":\"" + type + "\",\"name\":\"" + type + "-report\",\"encoding\":\"base64\",\"content\":\"" + encoded + "\"}";
    }

    /** The report-level LINE counter, read independently of the service's parser. */
    private static double lineCoverage(String jacoco) {
        Matcher m = Pattern.compile("<counter type=\"LINE\" missed=\"(\\d+)\" covered=\"(\\d+)\"/>").matcher(jacoco);
        double missed = 0;
        double covered = 0;
        while (m.find()) {
            missed = Double.parseDouble(m.group(1));
            covered = Double.parseDouble(m.group(2));
        }
        return covered / (covered + missed);
    }
}
