package dev.agentsync.core;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A claim granted (or renewed by its holder).
 *
 * @param messageId      the message
 * @param claimedBy      the holder
 * @param claimedAt      when this grant was made (a renewal keeps it)
 * @param leaseExpiresAt when the claim ends unless renewed, or {@code null} for a claim without lease
 * @param fence          the grant's number: pass it to {@code complete} and to fenced writes ({@code if_claim})
 * @param deliveryCount  how many times the message has been granted
 * @param revision       the room revision after the claim (a renewal does not move it)
 */
public record ClaimResult(long messageId, String claimedBy, Instant claimedAt, @Nullable Instant leaseExpiresAt,
                          long fence, int deliveryCount, long revision) {
    /** The lease's end, when the claim has one. */
    public Optional<Instant> leaseExpiry() {
        return Optional.ofNullable(leaseExpiresAt);
    }

    /** The fence to present in fenced writes: this grant. */
    public ClaimFence claimFence() {
        return new ClaimFence(messageId, fence);
    }
}
