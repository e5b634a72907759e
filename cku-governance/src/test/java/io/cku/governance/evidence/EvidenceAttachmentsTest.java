package io.cku.governance.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;

class EvidenceAttachmentsTest {

    private static final String JACOCO_REPORT = resource("jacoco-cku-governance.xml");

    private static final String ESLINT_WITH_ERRORS = resource("eslint-with-errors.sarif");

    private static final String CHECKSTYLE_WARNINGS = resource("checkstyle-warnings.sarif");

    @Test
    void readsLineCoverageFromTheReportLevelLineCounterOfTheProjectsOwnJacocoReport() {
        long[] line = reportLevelLineCounter(JACOCO_REPORT);
        double expected = BigDecimal.valueOf(line[1])
                .divide(BigDecimal.valueOf(line[0] + line[1]), 4, RoundingMode.HALF_UP).doubleValue();

        Map<String, Object> summary = EvidenceAttachments.summarise(List.of(attachment("jacoco", JACOCO_REPORT)));

        assertThat(summary).containsEntry("coverage", expected).containsEntry("coverageSource", "jacoco");
        assertThat(jacoco(summary)).containsEntry("lineMissed", line[0]).containsEntry("lineCovered", line[1])
                .containsKeys("branchCovered", "branchMissed", "instructionCovered", "instructionMissed");
        assertThat(summary).doesNotContainKeys("lint", "sarif");
    }

    @Test
    void readsABase64EncodedReportLikeItsText() {
        Map<String, Object> encoded = attachment("jacoco", base64(JACOCO_REPORT));
        encoded.put("encoding", "base64");
        encoded.put("name", "target/site/jacoco/jacoco.xml");

        assertThat(EvidenceAttachments.summarise(List.of(encoded)))
                .isEqualTo(EvidenceAttachments.summarise(List.of(attachment("jacoco", JACOCO_REPORT))));
    }

    @Test
    void acceptsBase64WrappedOverSeveralLinesAsTheBase64ToolWritesIt() {
        String wrapped = base64(CHECKSTYLE_WARNINGS).replaceAll("(.{76})", "$1\n");
        Map<String, Object> encoded = attachment("sarif", wrapped);
        encoded.put("encoding", "base64");

        assertThat(EvidenceAttachments.summarise(List.of(encoded))).containsEntry("lint", "passed");
    }

    @Test
    void sumsTheCountersOfSeveralJacocoReports() {
        Map<String, Object> once = jacoco(EvidenceAttachments.summarise(List.of(attachment("jacoco", JACOCO_REPORT))));

        Map<String, Object> twice = EvidenceAttachments.summarise(
                List.of(attachment("jacoco", JACOCO_REPORT), attachment("jacoco", JACOCO_REPORT)));

        assertThat(jacoco(twice)).containsEntry("reports", 2)
                .containsEntry("lineCovered", 2 * (long) once.get("lineCovered"))
                .containsEntry("branchMissed", 2 * (long) once.get("branchMissed"));
    }

    @Test
    void failsLintWhenAnySarifResultIsAnErrorAndCountsResultsByLevelAndRule() {
        Map<String, Object> summary = EvidenceAttachments.summarise(List.of(attachment("sarif", ESLINT_WITH_ERRORS)));

        assertThat(summary).containsEntry("lint", "failed").doesNotContainKeys("coverage", "jacoco");
        assertThat(sarif(summary)).containsEntry("errors", 3L).containsEntry("warnings", 4L).containsEntry("notes", 0L)
                .containsEntry("incompleteRuns", 0).containsEntry("tools", List.of("ESLint"))
                .containsEntry("rules", List.of(rule("no-console", 3), rule("no-unused-vars", 2),
                        rule("eqeqeq", 1), rule("prefer-const", 1)));
    }

    @Test
    void passesLintWhenSarifHasOnlyWarnings() {
        Map<String, Object> summary = EvidenceAttachments.summarise(List.of(attachment("sarif", CHECKSTYLE_WARNINGS)));

        assertThat(summary).containsEntry("lint", "passed");
        assertThat(sarif(summary)).containsEntry("errors", 0L).containsEntry("warnings", 3L)
                .containsEntry("tools", List.of("Checkstyle"));
    }

    @Test
    void summarisesCoverageAndLintTogetherAcrossReportsOfBothTypes() {
        Map<String, Object> summary = EvidenceAttachments.summarise(List.of(attachment("sarif", CHECKSTYLE_WARNINGS),
                attachment("jacoco", JACOCO_REPORT), attachment("sarif", ESLINT_WITH_ERRORS)));

        assertThat(summary).containsOnlyKeys("coverage", "coverageSource", "jacoco", "lint", "sarif")
                .containsEntry("lint", "failed");
        assertThat(sarif(summary)).containsEntry("reports", 2).containsEntry("errors", 3L)
                .containsEntry("warnings", 7L).containsEntry("tools", List.of("Checkstyle", "ESLint"));
    }

    @Test
    void listsTheFiveMostFrequentRulesWithTiesInRuleIdOrder() {
        Map<String, Object> summary = EvidenceAttachments.summarise(
                List.of(attachment("sarif", CHECKSTYLE_WARNINGS), attachment("sarif", ESLINT_WITH_ERRORS)));

        assertThat(sarif(summary)).containsEntry("rules", List.of(rule("no-console", 3),
                rule("com.puppycrawl.tools.checkstyle.checks.sizes.LineLengthCheck", 2), rule("no-unused-vars", 2),
                rule("com.puppycrawl.tools.checkstyle.checks.javadoc.MissingJavadocMethodCheck", 1),
                rule("eqeqeq", 1)));
    }

    @Test
    void summarisesAbsentOrEmptyAttachmentsAsNothing() {
        assertThat(EvidenceAttachments.summarise(null)).isEmpty();
        assertThat(EvidenceAttachments.summarise(List.of())).isEmpty();
    }

    @Test
    void refusesAnAttachmentsValueThatIsNotAList() {
        assertRefused(Map.of("type", "jacoco"), "evidence.attachments", "must be a list");
    }

    @Test
    void refusesAnUnknownReportType() {
        assertRefused(List.of(attachment("cobertura", "<coverage/>")), "evidence.attachments[0].type",
                "unknown report type \"cobertura\"");
    }

    @Test
    void refusesAnAttachmentWithoutContent() {
        assertRefused(List.of(Map.of("type", "jacoco", "name", "jacoco.xml")), "evidence.attachments[0].content",
                "missing");
    }

    @Test
    void refusesContentThatIsNotBase64WhenItSaysItIs() {
        Map<String, Object> bad = attachment("sarif", "eyJydW5zIjpbXX0*not-base64*");
        bad.put("encoding", "base64");

        assertRefused(List.of(bad), "evidence.attachments[0].content", "not valid base64");
    }

    @Test
    void refusesAnUnknownEncoding() {
        Map<String, Object> gzip = attachment("sarif", "H4sIAAAA");
        gzip.put("encoding", "gzip");

        assertRefused(List.of(gzip), "evidence.attachments[0].encoding", "unknown encoding \"gzip\"");
    }

    @Test
    void refusesAReportOverFiveMegabytes() {
        String huge = "<report>" + " ".repeat(Attachment.MAX_BYTES) + "</report>";

        assertRefused(List.of(attachment("jacoco", huge)), "evidence.attachments[0].content", "5 MB");
    }

    @Test
    void refusesTruncatedJacocoXml() {
        String truncated = JACOCO_REPORT.substring(0, JACOCO_REPORT.length() / 2);

        assertRefused(List.of(attachment("jacoco", truncated)), "evidence.attachments[0].content",
                "not a JaCoCo XML report: malformed XML at line");
    }

    @Test
    void refusesXmlThatIsNotAJacocoReport() {
        String pom = "<?xml version=\"1.0\"?><project><modelVersion>4.0.0</modelVersion></project>";

        assertRefused(List.of(attachment("jacoco", pom)), "evidence.attachments[0].content",
                "not a JaCoCo XML report: no <report> element (the document is <project>)");
    }

    @Test
    void refusesAJacocoReportThatCoversNoClasses() {
        String empty = "<report name=\"empty\"><sessioninfo id=\"s\" start=\"1\" dump=\"2\"/></report>";

        assertRefused(List.of(attachment("jacoco", empty)), "evidence.attachments[0].content", "no LINE counter");
    }

    @Test
    void refusesACounterThatIsNotACount() {
        String report = "<report name=\"r\"><counter type=\"LINE\" missed=\"-1\" covered=\"lots\"/></report>";

        assertRefused(List.of(attachment("jacoco", report)), "evidence.attachments[0].content",
                "<counter type=\"LINE\"> has covered=\"lots\"");
    }

    @Test
    void refusesInvalidJsonAsSarif() {
        assertRefused(List.of(attachment("sarif", "{\"version\": \"2.1.0\", \"runs\": [")),
                "evidence.attachments[0].content", "not valid SARIF: malformed JSON at line 1");
    }

    @Test
    void refusesJsonWithoutRunsAsSarif() {
        assertRefused(List.of(attachment("sarif", "{\"version\": \"2.1.0\", \"results\": []}")),
                "evidence.attachments[0].content", "not valid SARIF: no \"runs\" array");
    }

    @Test
    void refusesSarifThatIsNotVersion210() {
        assertRefused(List.of(attachment("sarif", "{\"version\": \"1.0.0\", \"runs\": []}")),
                "evidence.attachments[0].content", "\"version\" is \"1.0.0\"; only SARIF 2.1.0 is read");
    }

    @Test
    void namesEveryBadAttachmentAtOnce() {
        List<Object> attachments = List.of(attachment("sarif", CHECKSTYLE_WARNINGS), attachment("sarif", "[]"),
                Map.of("type", "jacoco"));

        assertThatThrownBy(() -> EvidenceAttachments.summarise(attachments))
                .isInstanceOfSatisfying(InvalidRequest.class, refused -> assertThat(refused.violations())
                        .extracting(Violation::field)
                        .containsExactly("evidence.attachments[1].content", "evidence.attachments[2].content"));
    }

    static AbstractThrowableAssert<?, ?> assertRefused(Object attachments, String field, String message) {
        return assertThatThrownBy(() -> EvidenceAttachments.summarise(attachments))
                .isInstanceOfSatisfying(InvalidRequest.class, refused -> assertThat(refused.violations())
                        .singleElement()
                        .satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo(field);
                            assertThat(violation.message()).contains(message);
                        }));
    }

    static Map<String, Object> attachment(String type, String content) {
        Map<String, Object> attachment = new HashMap<>();
        attachment.put("type", type);
        attachment.put("content", content);
        return attachment;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sarif(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("sarif");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jacoco(Map<String, Object> summary) {
        return (Map<String, Object>) summary.get("jacoco");
    }

    private static Map<String, Object> rule(String ruleId, long count) {
        return Map.of("ruleId", ruleId, "count", count);
    }

    /** Missed and covered of the LINE counter among the counters that close the report, found without an XML parser. */
    private static long[] reportLevelLineCounter(String report) {
        Matcher last = Pattern.compile(
                "<counter type=\"LINE\" missed=\"(\\d+)\" covered=\"(\\d+)\"/>(?:<counter [^>]*/>)*</report>\\s*$")
                .matcher(report);
        assertThat(last.find()).as("report-level LINE counter").isTrue();
        return new long[] {Long.parseLong(last.group(1)), Long.parseLong(last.group(2))};
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        try (InputStream in = EvidenceAttachmentsTest.class.getResourceAsStream("/evidence/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
