package dev.agentsync.core;

/**
 * A claim given back by its holder.
 *
 * @param messageId the message
 * @param dead      true when the release used up the message's last delivery and it is now dead
 * @param revision  the room revision after the release (and the death, when there was one)
 */
public record ReleaseResult(long messageId, boolean dead, long revision) {
}
