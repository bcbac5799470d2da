package dev.agentsync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A response: status, JSON body ({@code null} for none) and extra headers (CORS and the like). The adapter
 * writes the body as UTF-8 JSON with {@code Content-Type: application/json}.
 *
 * @param status  HTTP status
 * @param body    JSON body, or {@code null}
 * @param headers extra headers
 */
public record HttpResponse(int status, @Nullable JsonNode body, Map<String, String> headers) {
    /** Copies the headers. */
    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON response without extra headers. */
    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, body, Map.of());
    }

    /** The body serialized as UTF-8 JSON (empty for none). */
    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        try {
            return WireJson.MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
