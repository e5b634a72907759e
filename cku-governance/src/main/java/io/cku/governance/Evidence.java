package io.cku.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.governance.evidence.EvidenceAttachments;

/** Evidence as a run stores it: attached CI reports replaced by their summary, so the QUALITY gate reads one shape. */
public final class Evidence {

    private Evidence() {
    }

    /**
     * The evidence with {@code attachments} (JaCoCo XML, SARIF) parsed and summarised: coverage and lint taken from the
     * reports unless given explicitly, the reports' counters kept, their text dropped. Throws
     * {@link io.cku.shared.InvalidRequest} naming a malformed report.
     */
    public static io.cku.shared.api.RunRequest withAttachmentsSummarised(io.cku.shared.api.RunRequest request) {
        if (request.evidence() == null) {
            return request;
        }
        return new io.cku.shared.api.RunRequest(request.intent(), request.mode(), request.plan(),
                withAttachmentsSummarised(request.evidence()), request.labels());
    }

    /** {@link #withAttachmentsSummarised(io.cku.shared.api.RunRequest)} for the evidence alone. */
    public static Map<String, Object> withAttachmentsSummarised(Map<String, Object> evidence) {
        if (evidence == null || !evidence.containsKey("attachments")) {
            return evidence;
        }
        Map<String, Object> summary = EvidenceAttachments.summarise(evidence.get("attachments"));
        Map<String, Object> stored = new LinkedHashMap<>(summary);
        evidence.forEach((key, value) -> {
            if (!key.equals("attachments")) {
                stored.put(key, value);
            }
        });
        stored.put("attachments", names(evidence.get("attachments")));
        return stored;
    }

    private static List<Object> names(Object attachments) {
        if (!(attachments instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .map(a -> a instanceof Map<?, ?> map ? (Object) Map.of("type", String.valueOf(map.get("type")),
                        "name", String.valueOf(map.get("name") == null ? "" : map.get("name"))) : (Object) "?")
                .toList();
    }
}
