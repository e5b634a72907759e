package io.cku.shared.audit;

/**
 * The outcome of walking the chain.
 *
 * @param checked how many entries were read
 * @param firstInvalidSeq the first entry that does not verify (or where one is missing); null when valid
 */
public record Verification(boolean valid, long checked, Long firstInvalidSeq, String reason) {

    public static Verification ok(long checked) {
        return new Verification(true, checked, null, null);
    }

    public static Verification broken(long checked, long seq, String reason) {
        return new Verification(false, checked, seq, reason);
    }
}
