package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message in a room. Ids are a per-room sequence from 1, strictly increasing, never reused.
 *
 * @param id        the message id
 * @param from      the sender, or {@code null}
 * @param to        the addressee, or {@code null}
 * @param kind      free text, {@code message} by default
 * @param body      any JSON value, returned unchanged
 * @param replyTo   the id of the message this replies to (its thread), or {@code null}
 * @param claimedBy the agent that claimed it, or {@code null}
 * @param claimedAt when it was claimed, or {@code null}
 * @param createdAt when it was posted
 */
public record Message(long id, @Nullable String from, @Nullable String to, String kind, JsonNode body,
                      @Nullable Long replyTo, @Nullable String claimedBy, @Nullable Instant claimedAt, Instant createdAt) {
    /** Validates the fields. */
    public Message {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True when some agent holds a claim on it. */
    public boolean claimed() {
        return claimedBy != null;
    }

    /** A copy claimed by {@code agent} at {@code at}. */
    public Message claim(String agent, Instant at) {
        return new Message(id, from, to, kind, body, replyTo, agent, at, createdAt);
    }
}
