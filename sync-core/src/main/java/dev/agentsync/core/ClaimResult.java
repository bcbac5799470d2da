package dev.agentsync.core;

import java.time.Instant;

/**
 * A won claim.
 *
 * @param messageId the message
 * @param claimedBy the winner
 * @param claimedAt when
 * @param revision  the room revision of the claim
 */
public record ClaimResult(long messageId, String claimedBy, Instant claimedAt, long revision) {
}
