package dev.agentsync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who makes a call: anonymous (identity unverified, the original service's opt-in model) or the bearer
 * of a token issued by a join. A token proves the caller is that agent in that room only.
 */
public final class Caller {
    private static final Caller ANONYMOUS = new Caller(null);
    private final @Nullable String token;

    private Caller(@Nullable String token) {
        this.token = token;
    }

    /** A caller without a token. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** A caller presenting a bearer token. */
    public static Caller bearer(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty; use Caller.anonymous()");
        }
        return new Caller(token);
    }

    /** The token, if one was presented. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public String toString() {
        return token == null ? "Caller[anonymous]" : "Caller[bearer]";
    }
}
