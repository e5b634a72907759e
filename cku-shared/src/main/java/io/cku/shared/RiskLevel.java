package io.cku.shared;

/** How much damage a skill can do when it misbehaves; gates weigh plans by it. */
public enum RiskLevel {
    LOW(1), MEDIUM(3), HIGH(8);

    private final int weight;

    RiskLevel(int weight) {
        this.weight = weight;
    }

    /** The weight this level adds to a plan's operational risk score. */
    public int weight() {
        return weight;
    }
}
