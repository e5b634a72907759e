package io.cku.skillengine.builtin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

import io.cku.shared.CanonicalJson;

/**
 * The request an http step sends: its headers as given (refusing those the client sets itself, as the JDK client did),
 * a string body as it is, any other body as JSON. Throws {@link IllegalArgumentException} for a header that cannot be sent.
 */
final class HttpRequests {

    // the client sets these itself; a step's Host header would send a checked connection to another virtual host
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private HttpRequests() {
    }

    /** The request to send to {@code uri}, with the step's headers and body. */
    static AsyncRequestProducer of(URI uri, String method, Params p) {
        AsyncRequestBuilder builder = AsyncRequestBuilder.create(method).setUri(uri);
        Map<String, String> headers = p.stringMap("headers");
        headers.forEach((name, value) -> builder.addHeader(checkedName(name), checkedValue(name, value)));
        Object body = p.raw("body");
        if (body instanceof String text) {
            builder.setEntity(new BasicAsyncEntityProducer(text.getBytes(StandardCharsets.UTF_8), null));
        } else if (body != null) {
            builder.setEntity(new BasicAsyncEntityProducer(CanonicalJson.write(body).getBytes(StandardCharsets.UTF_8), null));
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("content-type"))) {
                builder.addHeader("Content-Type", "application/json");
            }
        }
        return builder.build();
    }

    private static String checkedName(String name) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
        }
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
        }
        return name;
    }

    private static String checkedValue(String name, String value) {
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("invalid header value for header \"" + name + "\"");
        }
        return value;
    }
}
