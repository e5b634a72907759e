package io.cku.skillengine.builtin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/** Keeps the status, the content type and the first bytes of a response body, and drops the rest, so a huge answer cannot exhaust memory. */
final class LimitedBody extends AbstractBinResponseConsumer<LimitedBody.Answer> {

    /** A response as the http skill reports it: the body decoded and cut to at most the skill's output size. */
    record Answer(int status, String contentType, String body) {
    }

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int maxBytes;
    private final int maxChars;
    private long total;
    private int status;
    private String contentType = "";

    LimitedBody(int maxBytes, int maxChars) {
        this.maxBytes = maxBytes;
        this.maxChars = maxChars;
    }

    @Override
    protected void start(HttpResponse response, ContentType parsed) {
        status = response.getCode();
        Header header = response.getFirstHeader("Content-Type");
        contentType = header == null ? "" : header.getValue();
    }

    @Override
    protected int capacityIncrement() {
        return Integer.MAX_VALUE; // the rest is dropped as it arrives, so there is no reason to slow the server down
    }

    @Override
    protected void data(ByteBuffer buffer, boolean endOfStream) {
        total += buffer.remaining();
        byte[] chunk = new byte[Math.min(buffer.remaining(), maxBytes - kept.size())];
        buffer.get(chunk);
        kept.write(chunk, 0, chunk.length);
        buffer.position(buffer.limit());
    }

    @Override
    protected Answer buildResult() {
        return new Answer(status, contentType, text(charset(contentType)));
    }

    @Override
    public void releaseResources() {
        // nothing is held but the kept bytes, which the answer has taken
    }

    private String text(Charset charset) {
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
