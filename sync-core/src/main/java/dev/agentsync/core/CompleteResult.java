package dev.agentsync.core;

import java.time.Instant;

/**
 * Work marked done by the message's holder.
 *
 * @param messageId   the message
 * @param completedAt when
 * @param revision    the room revision after it
 */
public record CompleteResult(long messageId, Instant completedAt, long revision) {
}
