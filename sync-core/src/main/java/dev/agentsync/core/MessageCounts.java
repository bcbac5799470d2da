package dev.agentsync.core;

/**
 * The {@code messages} aggregate CEL sees.
 *
 * @param count     messages in the room
 * @param unclaimed messages nobody has claimed
 */
public record MessageCounts(long count, long unclaimed) {
}
