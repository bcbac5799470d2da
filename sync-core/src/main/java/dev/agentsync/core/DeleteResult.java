package dev.agentsync.core;

/**
 * The result of a delete.
 *
 * @param deleted  false when the key did not exist
 * @param revision the room revision after the call (unchanged when nothing was deleted)
 */
public record DeleteResult(boolean deleted, long revision) {
}
