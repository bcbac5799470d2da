package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message in a room. Ids are a per-room sequence from 1, strictly increasing, never reused. A message given
 * out as work moves through {@link MessageState}s: claimed (with an optional lease), released or expired back to
 * unclaimed, completed, or dead after {@code max_deliveries} grants.
 *
 * @param id             the message id
 * @param from           the sender, or {@code null}
 * @param to             the addressee, or {@code null}
 * @param kind           free text, {@code message} by default
 * @param body           any JSON value, returned unchanged
 * @param replyTo        the id of the message this replies to (its thread), or {@code null}
 * @param claimedBy      the holder (or, once completed, who completed it), or {@code null}
 * @param claimedAt      when the current claim was granted, or {@code null}
 * @param createdAt      when it was posted
 * @param leaseExpiresAt when the current claim ends unless renewed, or {@code null} (no lease, or not claimed)
 * @param fence          the number of the current or last grant: 0 before the first claim, +1 per grant, never back
 * @param deliveryCount  how many times it was granted
 * @param completedAt    when it was completed, or {@code null}
 * @param dead           true once out of deliveries
 * @param leaseMs        the lease the current claim runs under (restarted by each renewal), or {@code null}
 */
public record Message(long id, @Nullable String from, @Nullable String to, String kind, JsonNode body,
                      @Nullable Long replyTo, @Nullable String claimedBy, @Nullable Instant claimedAt, Instant createdAt,
                      @Nullable Instant leaseExpiresAt, long fence, int deliveryCount, @Nullable Instant completedAt,
                      boolean dead, @Nullable Long leaseMs) {
    /** Validates the fields. */
    public Message {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1");
        }
        if (fence < 0 || deliveryCount < 0) {
            throw new IllegalArgumentException("fence and deliveryCount must be >= 0");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A message as posted, or as the original service knew it: no lease, fence or delivery history. */
    public Message(long id, @Nullable String from, @Nullable String to, String kind, JsonNode body,
                   @Nullable Long replyTo, @Nullable String claimedBy, @Nullable Instant claimedAt, Instant createdAt) {
        this(id, from, to, kind, body, replyTo, claimedBy, claimedAt, createdAt, null, claimedBy == null ? 0 : 1,
                claimedBy == null ? 0 : 1, null, false, null);
    }

    /** The state it is in: dead, completed, claimed (held) or unclaimed, in that order of precedence. */
    public MessageState state() {
        if (dead) {
            return MessageState.DEAD;
        }
        if (completedAt != null) {
            return MessageState.COMPLETED;
        }
        return claimedBy != null ? MessageState.CLAIMED : MessageState.UNCLAIMED;
    }

    /** True while some agent holds it (claimed, not completed, not dead). */
    public boolean claimed() {
        return state() == MessageState.CLAIMED;
    }

    /** True when a claimer could take it now. */
    public boolean claimable() {
        return state() == MessageState.UNCLAIMED;
    }

    /** True when it is held under a lease that has run out at {@code now}. */
    public boolean leaseRunOut(Instant now) {
        return claimed() && leaseExpiresAt != null && !leaseExpiresAt.isAfter(now);
    }

    /** A new grant to {@code agent} at {@code at}, under a lease of {@code leaseMs} (or none): fence and delivery count +1. */
    public Message claim(String agent, Instant at, @Nullable Long leaseMs) {
        return new Message(id, from, to, kind, body, replyTo, agent, at, createdAt, leaseMs == null ? null : at.plusMillis(leaseMs),
                fence + 1, deliveryCount + 1, null, false, leaseMs);
    }

    /** A new grant to {@code agent} without a lease. */
    public Message claim(String agent, Instant at) {
        return claim(agent, at, null);
    }

    /** The same grant with its lease restarted at {@code now}: {@code leaseMs}, else the one it had. */
    public Message renew(Instant now, @Nullable Long newLeaseMs) {
        Long ms = newLeaseMs != null ? newLeaseMs : leaseMs;
        return new Message(id, from, to, kind, body, replyTo, claimedBy, claimedAt, createdAt, ms == null ? null : now.plusMillis(ms),
                fence, deliveryCount, null, false, ms);
    }

    /** Back to unclaimed (released, or the lease ran out); fence and delivery count stay. */
    public Message unclaim() {
        return new Message(id, from, to, kind, body, replyTo, null, null, createdAt, null, fence, deliveryCount, null, false, null);
    }

    /** Done: keeps who completed it; never claimable again. */
    public Message complete(Instant at) {
        return new Message(id, from, to, kind, body, replyTo, claimedBy, claimedAt, createdAt, null, fence, deliveryCount, at,
                false, null);
    }

    /** Out of deliveries: never claimable again. */
    public Message die() {
        return new Message(id, from, to, kind, body, replyTo, null, null, createdAt, null, fence, deliveryCount, null, true, null);
    }
}
