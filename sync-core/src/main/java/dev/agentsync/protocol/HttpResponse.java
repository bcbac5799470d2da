package dev.agentsync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response: status, JSON body ({@code null} for none) and extra headers (CORS and the like). The adapter
 * writes {@link #bodyBytes()} as UTF-8 JSON with {@code Content-Type: application/json}. Immutable; the body is
 * serialized once however many exchanges it is sent to (a commit that wakes a thousand identical waits sends
 * one response a thousand times).
 */
public final class HttpResponse {
    private final int status;
    private final @Nullable JsonNode body;
    private final Map<String, String> headers;
    private volatile byte @Nullable [] bytes;

    /** A response with extra headers. */
    public HttpResponse(int status, @Nullable JsonNode body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    /** A JSON response without extra headers. */
    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, body, Map.of());
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** JSON body, or {@code null}. Do not modify it. */
    public @Nullable JsonNode body() {
        return body;
    }

    /** Extra headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body serialized as UTF-8 JSON (empty for none), computed once. */
    public byte[] bodyBytes() {
        byte[] b = bytes;
        if (b == null) {
            try {
                b = body == null ? new byte[0] : WireJson.MAPPER.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
            bytes = b;
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponse && ((HttpResponse) o).status == status && Objects.equals(((HttpResponse) o).body, body)
                && ((HttpResponse) o).headers.equals(headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, body, headers);
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + " " + body + "]";
    }
}
