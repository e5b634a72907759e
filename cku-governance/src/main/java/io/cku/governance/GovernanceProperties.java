package io.cku.governance;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.cku.shared.Mode;
import io.cku.shared.Role;
import io.cku.shared.Verdict;

/**
 * How each mode governs its runs ({@code cku.governance.modes.<mode>.*}). A setting left out keeps the mode's default
 * ({@link ModePolicy#defaults(Mode)}); application.yml ships the same defaults and the README documents them.
 */
@ConfigurationProperties("cku.governance")
public record GovernanceProperties(Map<Mode, ModePolicy> modes) {

    public GovernanceProperties {
        Map<Mode, ModePolicy> merged = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            ModePolicy given = modes == null ? null : modes.get(mode);
            merged.put(mode, given == null ? ModePolicy.defaults(mode) : given.orElse(ModePolicy.defaults(mode), mode));
        }
        modes = Map.copyOf(merged);
    }

    /** Every mode with its defaults. */
    public static GovernanceProperties defaults() {
        return new GovernanceProperties(null);
    }

    /** The policy of runs in {@code mode}. */
    public ModePolicy of(Mode mode) {
        return modes.get(mode);
    }

    /** When the PLAN_APPROVAL gate asks people to approve the plan. */
    public enum PlanApproval { NEVER, RISK, ALWAYS }

    /**
     * One mode's governance.
     *
     * @param gates which gates run, in this order
     * @param minCoverage the lowest test coverage, as a fraction 0..1, the QUALITY gate accepts
     * @param coverageAdvisory a shortfall passes with a warning instead of failing
     * @param missingEvidence what QUALITY answers when there is no coverage or lint evidence: PASS (with a warning), PAUSE, REJECT
     * @param maxRiskScore the highest operational risk score the OPERATIONS gate accepts
     * @param planApproval when PLAN_APPROVAL pauses for people: never, at or above {@code planApprovalRiskScore}, always
     * @param planApprovalRiskScore the risk score from which PLAN_APPROVAL pauses when {@code planApproval} is RISK
     * @param planApprovals distinct approvals PLAN_APPROVAL needs
     * @param consensusApprovals distinct approvals CONSENSUS needs (0: none)
     * @param approverRoles roles whose holders may approve or reject a paused gate
     * @param allowSelfApproval whether the submitter may approve their own run
     * @param approvalDeadline how long a pause may wait before the run ends REJECTED
     * @param onFailure per gate, PAUSE or REJECT in place of what the gate itself answers when it does not pass
     * @param approvalEscalation when set, a pause whose deadline passes is escalated once (an event is published) and waits
     *        this much longer before the run ends REJECTED; {@code 0s} (the default) rejects at the first deadline
     */
    public record ModePolicy(
            List<GateName> gates,
            Double minCoverage,
            Boolean coverageAdvisory,
            Verdict missingEvidence,
            Integer maxRiskScore,
            PlanApproval planApproval,
            Integer planApprovalRiskScore,
            Integer planApprovals,
            Integer consensusApprovals,
            List<Role> approverRoles,
            Boolean allowSelfApproval,
            Duration approvalDeadline,
            Map<GateName, Verdict> onFailure,
            Duration approvalEscalation) {

        /** The shipped defaults of a mode. */
        public static ModePolicy defaults(Mode mode) {
            List<GateName> all = List.of(GateName.values());
            List<Role> approvers = List.of(Role.APPROVER, Role.ADMIN);
            return switch (mode) {
                case DEV -> new ModePolicy(all, 0.0, true, Verdict.PASS, 100, PlanApproval.NEVER, 100, 1, 0, approvers, false,
                        Duration.ofHours(1), Map.of(), Duration.ZERO);
                case STAGING -> new ModePolicy(all, 0.70, false, Verdict.PAUSE, 50, PlanApproval.RISK, 20, 1, 0, approvers, false,
                        Duration.ofHours(24), Map.of(), Duration.ZERO);
                case PROD -> new ModePolicy(all, 0.80, false, Verdict.REJECT, 30, PlanApproval.ALWAYS, 0, 1, 2, approvers, false,
                        Duration.ofHours(24), Map.of(), Duration.ZERO);
            };
        }

        /** What {@code gate} answers instead of its own PAUSE or REJECT in this mode, when configured. */
        public java.util.Optional<Verdict> failure(GateName gate) {
            return java.util.Optional.ofNullable(onFailure.get(gate));
        }

        /** These settings, each one left unset taken from {@code defaults}, validated. */
        ModePolicy orElse(ModePolicy d, Mode mode) {
            ModePolicy merged = new ModePolicy(pick(gates, d.gates), pick(minCoverage, d.minCoverage),
                    pick(coverageAdvisory, d.coverageAdvisory), pick(missingEvidence, d.missingEvidence), pick(maxRiskScore, d.maxRiskScore),
                    pick(planApproval, d.planApproval), pick(planApprovalRiskScore, d.planApprovalRiskScore),
                    pick(planApprovals, d.planApprovals), pick(consensusApprovals, d.consensusApprovals),
                    pick(approverRoles, d.approverRoles), pick(allowSelfApproval, d.allowSelfApproval),
                    pick(approvalDeadline, d.approvalDeadline), pick(onFailure, d.onFailure),
                    pick(approvalEscalation, d.approvalEscalation));
            merged.validate("cku.governance.modes." + mode.wireName());
            return merged;
        }

        private void validate(String prefix) {
            require(!(minCoverage < 0 || minCoverage > 1), prefix + ".min-coverage must be a fraction within 0..1, was " + minCoverage);
            require(maxRiskScore >= 1, prefix + ".max-risk-score must be at least 1, was " + maxRiskScore);
            require(planApprovals >= 1, prefix + ".plan-approvals must be at least 1, was " + planApprovals);
            require(consensusApprovals >= 0, prefix + ".consensus-approvals must not be negative, was " + consensusApprovals);
            require(!approverRoles.isEmpty(), prefix + ".approver-roles must name at least one role");
            require(!approvalDeadline.isNegative() && !approvalDeadline.isZero(), prefix + ".approval-deadline must be positive");
            require(!approvalEscalation.isNegative(), prefix + ".approval-escalation must not be negative");
            require(!gates.isEmpty() && gates.size() == gates.stream().distinct().count(), prefix + ".gates must list gates once each");
            onFailure.forEach((gate, verdict) -> require(verdict != Verdict.PASS, prefix + ".on-failure." + gate + " must be PAUSE or REJECT"));
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        private static <T> T pick(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }
}
