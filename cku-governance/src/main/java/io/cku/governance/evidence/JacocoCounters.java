package io.cku.governance.evidence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report-level LINE, BRANCH and INSTRUCTION counters of one or more JaCoCo reports, summed. */
record JacocoCounters(int reports,
                      long lineCovered, long lineMissed,
                      long branchCovered, long branchMissed,
                      long instructionCovered, long instructionMissed) {

    static final JacocoCounters NONE = new JacocoCounters(0, 0, 0, 0, 0, 0, 0);

    JacocoCounters plus(JacocoCounters other) {
        return new JacocoCounters(reports + other.reports,
                lineCovered + other.lineCovered, lineMissed + other.lineMissed,
                branchCovered + other.branchCovered, branchMissed + other.branchMissed,
                instructionCovered + other.instructionCovered, instructionMissed + other.instructionMissed);
    }

    /** Covered lines over all lines, rounded half-up to four decimals; zero when there are no lines. */
    double lineCoverage() {
        long lines = lineCovered + lineMissed;
        if (lines == 0) {
            return 0.0;
        }
        return BigDecimal.valueOf(lineCovered).divide(BigDecimal.valueOf(lines), 4, RoundingMode.HALF_UP).doubleValue();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("reports", reports);
        map.put("lineCovered", lineCovered);
        map.put("lineMissed", lineMissed);
        map.put("branchCovered", branchCovered);
        map.put("branchMissed", branchMissed);
        map.put("instructionCovered", instructionCovered);
        map.put("instructionMissed", instructionMissed);
        return Collections.unmodifiableMap(map);
    }
}
