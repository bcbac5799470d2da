package dev.agentsync.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as any HTTP server hands it over: method, decoded path, query parameters, headers (names in
 * lower case) and the raw body.
 *
 * @param method  upper-case method
 * @param path    decoded path, for example {@code /rooms/r1/state}
 * @param query   decoded query parameters
 * @param headers header values by lower-case name
 * @param body    the raw body (empty when none)
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
    /** Validates and normalizes the fields. */
    public HttpRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a query parameter. */
    public Optional<String> param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.ofNullable(v.get(0));
    }

    /** A header by (any-case) name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
