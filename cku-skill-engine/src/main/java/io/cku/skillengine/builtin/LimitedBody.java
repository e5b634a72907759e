package io.cku.skillengine.builtin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;

/** Keeps the first bytes of a response body and drops the rest, so a huge answer cannot exhaust memory. */
final class LimitedBody implements Flow.Subscriber<List<ByteBuffer>> {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int maxBytes;
    private long total;

    LimitedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
            byte[] chunk = new byte[Math.min(buffer.remaining(), maxBytes - kept.size())];
            buffer.get(chunk);
            kept.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        // the client completes the response future with this failure
    }

    @Override
    public void onComplete() {
        // text() is called once the body is complete
    }

    String text(Charset charset, int maxChars) {
        String text = kept.toString(charset);
        if (total > kept.size()) {
            return text.substring(0, Math.min(text.length(), maxChars)) + "\n… (truncated, " + total + " bytes in all)";
        }
        return Truncation.cut(text, maxChars);
    }

    /** The charset a Content-Type header names, UTF-8 when it names none or an unknown one. */
    static Charset charset(String contentType) {
        String[] parts = contentType.split(";\\s*charset=", 2);
        try {
            return parts.length == 2 ? Charset.forName(parts[1].split(";")[0].replace("\"", "").trim()) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
