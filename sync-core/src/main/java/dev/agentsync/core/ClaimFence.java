package dev.agentsync.core;

/**
 * A fencing token: a write carrying it happens only while {@code message} is held right now under exactly this
 * grant ({@code fence}), so a holder whose lease ran out can never overwrite the work of the next holder.
 *
 * @param message the claimed message's id
 * @param fence   the grant's fence number, from {@link ClaimResult#fence()}
 */
public record ClaimFence(long message, long fence) {
}
