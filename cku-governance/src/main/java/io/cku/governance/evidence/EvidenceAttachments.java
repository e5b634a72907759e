package io.cku.governance.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;

/**
 * Turns the reports a CI job attaches as {@code evidence.attachments} into evidence the gates read.
 *
 * <p>Each attachment is {@code {"type": "jacoco" | "sarif", "name": optional, "content": report text}}, with
 * {@code "encoding": "base64"} when the content is base64 of the report. At most {@value #MAX_ATTACHMENTS}
 * attachments of at most 5 MB each are read; JaCoCo XML is parsed with DTDs and external entities disabled.
 */
public final class EvidenceAttachments {

    /** How many reports one run may attach. */
    public static final int MAX_ATTACHMENTS = 20;

    private static final String FIELD = "evidence.attachments";

    private EvidenceAttachments() {
    }

    /**
     * Summarises the attached reports as evidence to merge into the run's evidence; an absent or empty list gives
     * an empty map. Keys appear only for the report types attached:
     * <ul>
     * <li>{@code coverage}: covered over all lines of the report-level LINE counters of every JaCoCo report,
     * a fraction rounded half-up to four decimals; {@code coverageSource}: {@code "jacoco"};</li>
     * <li>{@code jacoco}: {@code reports} and the summed report-level {@code lineCovered}, {@code lineMissed},
     * {@code branchCovered}, {@code branchMissed}, {@code instructionCovered}, {@code instructionMissed};</li>
     * <li>{@code lint}: {@code "failed"} when any SARIF result's effective level is {@code error} (a result with
     * no level takes its rule's default level, else {@code warning}) or any run did not complete
     * (no {@code results} array, or an invocation with {@code executionSuccessful: false}), else {@code "passed"};</li>
     * <li>{@code sarif}: {@code reports}, result counts {@code errors}, {@code warnings}, {@code notes}
     * (level {@code none} is not counted), {@code incompleteRuns}, {@code tools} (driver names in order of
     * appearance) and {@code rules}: the five most frequent rules as {@code {ruleId, count}}, ties by rule id.</li>
     * </ul>
     * Counters and counts of several reports of one type are summed.
     *
     * @param attachments the value JSON gave for {@code evidence.attachments}
     * @throws InvalidRequest naming each bad field, such as {@code evidence.attachments[1].content}
     */
    public static Map<String, Object> summarise(Object attachments) {
        if (attachments == null) {
            return Map.of();
        }
        if (!(attachments instanceof List<?> list)) {
            throw InvalidRequest.of(FIELD, "must be a list of {\"type\", \"content\"} objects");
        }
        if (list.size() > MAX_ATTACHMENTS) {
            throw InvalidRequest.of(FIELD, list.size() + " reports attached; at most " + MAX_ATTACHMENTS + " are read");
        }

        return read(list);
    }

    private static Map<String, Object> read(List<?> attachments) {
        List<Violation> violations = new ArrayList<>();
        JacocoCounters jacoco = JacocoCounters.NONE;
        SarifSummary sarif = SarifSummary.NONE;
        for (int i = 0; i < attachments.size(); i++) {
            try {
                Attachment attachment = Attachment.from(attachments.get(i), FIELD + "[" + i + "]");
                switch (attachment.type()) {
                    case JACOCO -> jacoco = jacoco.plus(JacocoXml.parse(attachment.content(), attachment.field()));
                    case SARIF -> sarif = sarif.plus(SarifLog.parse(attachment.content(), attachment.field()));
                }
            } catch (InvalidRequest refused) {
                violations.addAll(refused.violations());
            }
        }

        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return summary(jacoco, sarif);
    }

    private static Map<String, Object> summary(JacocoCounters jacoco, SarifSummary sarif) {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (jacoco.reports() > 0) {
            summary.put("coverage", jacoco.lineCoverage());
            summary.put("coverageSource", "jacoco");
            summary.put("jacoco", jacoco.toMap());
        }
        if (sarif.reports() > 0) {
            summary.put("lint", sarif.lintPassed() ? "passed" : "failed");
            summary.put("sarif", sarif.toMap());
        }
        return Collections.unmodifiableMap(summary);
    }
}
