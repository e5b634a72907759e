package io.cku.skillengine.builtin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.RequestNotExecutedException;

import io.cku.shared.FailureClass;
import io.cku.skillengine.DestinationRefused;
import io.cku.skillengine.SkillResult;

/** How a failed HTTP exchange is reported: the error type says what is known about whether the request was sent. */
final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * Error types: {@code refused-destination} when the guard refused every way there (permanent: the same address is
     * refused again), {@code connect} when nothing was sent (could not connect, or not in time), {@code tls} when the
     * server's certificate or handshake was refused (permanent: trying again meets the same certificate), {@code timeout}
     * while waiting for the answer, {@code connection} when the connection broke after the request may have been sent,
     * {@code unknown-host} when the name resolves to nothing, else the exception's name.
     */
    static SkillResult of(Throwable cause, URI uri, long timeoutMs) {
        String where = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String detail = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        if (cause instanceof DestinationRefused refused) {
            return SkillResult.failed("refused-destination", FailureClass.PERMANENT, refused.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return SkillResult.failed("unknown-host", "unknown host " + uri.getHost() + detail);
        }
        if (cause instanceof ConnectTimeoutException) {
            return SkillResult.failed("connect", "could not connect to " + where + " within " + timeoutMs + " ms");
        }
        if (cause instanceof ConnectException || cause instanceof RequestNotExecutedException) {
            return SkillResult.failed("connect", "could not connect to " + where + detail);
        }
        if (cause instanceof SocketTimeoutException) {
            return SkillResult.failed("timeout", "timed out after " + timeoutMs + " ms waiting for " + uri);
        }
        if (cause instanceof SSLException) {
            return SkillResult.failed("tls", FailureClass.PERMANENT, "TLS with " + where + " failed" + detail);
        }
        String type = cause instanceof IOException ? "connection" : cause.getClass().getSimpleName();
        return SkillResult.failed(type, "request to " + uri + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
