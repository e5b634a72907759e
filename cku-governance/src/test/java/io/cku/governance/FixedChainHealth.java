package io.cku.governance;

import java.time.Duration;
import java.time.Instant;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.shared.audit.Verification;

/** A chain health that reports what the test says. */
public final class FixedChainHealth implements ChainHealth {

    private final ChainCheck check;

    private FixedChainHealth(ChainCheck check) {
        this.check = check;
    }

    public static FixedChainHealth verified() {
        return new FixedChainHealth(new ChainCheck(1, 100, Verification.ok(100), 0, Duration.ZERO, false,
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    public static FixedChainHealth brokenAt(long seq, String reason) {
        return new FixedChainHealth(new ChainCheck(1, 100, Verification.broken(seq, seq, reason), 0, Duration.ZERO, false,
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Override
    public ChainCheck latest() {
        return check;
    }

    @Override
    public ChainCheck checkNow() {
        return check;
    }
}
