package io.cku.audit.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Posts a signed note to a witness and reads the answer the way c2sp.org/tlog-witness answers: 2xx accepted (the body,
 * such as a cosignature, is kept), {@code 409 Conflict} with a {@code text/x.tlog.size} body naming the size the witness
 * has seen, or anything else, which is a failure to retry.
 */
class WitnessClient {

    static final String NOTE_TYPE = "text/plain; charset=utf-8";
    static final String SIZE_TYPE = "text/x.tlog.size";
    /** A cosignature is a few lines; a longer answer is cut here rather than held in memory. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final int MAX_REASON_CHARS = 500;
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    private final HttpClient http;
    private final Duration timeout;

    WitnessClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends the note; the answer completes within twice the timeout, and never exceptionally. */
    CompletableFuture<Answer> post(URI witness, String note) {
        HttpRequest request = HttpRequest.newBuilder(witness)
                .timeout(timeout)
                .header("Content-Type", NOTE_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(note, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, info -> new BoundedBody(MAX_ANSWER_BYTES))
                .orTimeout(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> answer(response.statusCode(), response.headers().firstValue("Content-Type"), response.body()))
                .exceptionally(this::failed);
    }

    /** What one answer means for the delivery. */
    static Answer answer(int status, Optional<String> contentType, String body) {
        if (status >= 200 && status < 300) {
            return new Answer.Accepted(body);
        }
        if (status != 409) {
            return new Answer.Failed("HTTP " + status + answerText(body));
        }

        String mediaType = contentType.map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        OptionalLong size = decimal(body.strip());
        if (!mediaType.equals(SIZE_TYPE) || size.isEmpty()) {
            return new Answer.Failed("HTTP 409 without a decimal size in a " + SIZE_TYPE + " body" + answerText(body));
        }
        return new Answer.Conflict(size.getAsLong());
    }

    private static OptionalLong decimal(String text) {
        try {
            return DECIMAL.matcher(text).matches() ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (NumberFormatException aboveLongRange) {
            return OptionalLong.empty();
        }
    }

    private Answer failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return new Answer.Failed("no complete answer within " + timeout.multipliedBy(2).toMillis() + " ms");
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return new Answer.Failed(truncated(cause.getClass().getSimpleName() + message));
    }

    private static String answerText(String body) {
        return body.isBlank() ? "" : ": " + truncated(body.strip());
    }

    private static String truncated(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }

    /** A witness's answer to one checkpoint. */
    sealed interface Answer {

        /** The witness accepted the checkpoint; {@code body} is what it answered (a cosignature, or empty). */
        record Accepted(String body) implements Answer {
        }

        /** The witness has seen a checkpoint of {@code witnessSize}. */
        record Conflict(long witnessSize) implements Answer {
        }

        /** No usable answer: retried later. */
        record Failed(String reason) implements Answer {
        }
    }
}
