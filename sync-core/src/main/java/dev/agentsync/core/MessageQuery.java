package dev.agentsync.core;

import org.jspecify.annotations.Nullable;

/**
 * A message listing: every filter given must hold. Results come in id order, at most {@code limit}.
 *
 * @param after     only ids greater than this (the polling cursor), or {@code null}
 * @param kind      only this kind, or {@code null}
 * @param thread    message {@code thread} and every message whose {@code replyTo} is {@code thread}, or {@code null}
 * @param unclaimed only unclaimed messages
 * @param from      only from this sender, or {@code null}
 * @param to        only to this addressee, or {@code null}
 * @param limit     page size; 0 means the configured default
 */
public record MessageQuery(@Nullable Long after, @Nullable String kind, @Nullable Long thread, boolean unclaimed,
                           @Nullable String from, @Nullable String to, int limit) {

    /** Every message, default page size. */
    public static MessageQuery all() {
        return new MessageQuery(null, null, null, false, null, null, 0);
    }

    /** Unclaimed messages of a kind. */
    public static MessageQuery unclaimed(String kind) {
        return new MessageQuery(null, kind, null, true, null, null, 0);
    }

    /** One thread. */
    public static MessageQuery thread(long root) {
        return new MessageQuery(null, null, root, false, null, null, 0);
    }

    /** The same query with another page size. */
    public MessageQuery limit(int newLimit) {
        return new MessageQuery(after, kind, thread, unclaimed, from, to, newLimit);
    }

    /** The same query after a cursor. */
    public MessageQuery after(long cursor) {
        return new MessageQuery(cursor, kind, thread, unclaimed, from, to, limit);
    }

    /** True when {@code m} passes every filter (the limit aside). Stores that filter in memory use this. */
    public boolean matches(Message m) {
        return (after == null || m.id() > after)
                && (kind == null || kind.equals(m.kind()))
                && (thread == null || m.id() == thread || thread.equals(m.replyTo()))
                && (!unclaimed || !m.claimed())
                && (from == null || from.equals(m.from()))
                && (to == null || to.equals(m.to()));
    }
}
