package io.cku.app;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a missing production secret as one clear startup failure, not a stack trace. */
class MissingSecretAnalyzer extends AbstractFailureAnalyzer<ProductionSecrets.MissingSecret> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionSecrets.MissingSecret cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set the named environment variables (a JWT secret of at least 32 bytes, an admin password of at least 12 characters), "
                        + "or start without the prod profile to use generated development secrets.",
                cause);
    }
}
