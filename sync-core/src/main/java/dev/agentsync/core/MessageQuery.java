package dev.agentsync.core;

import org.jspecify.annotations.Nullable;

/**
 * A message listing: every filter given must hold. Results come in id order, at most {@code limit}.
 *
 * @param after     only ids greater than this (the polling cursor), or {@code null}
 * @param kind      only this kind, or {@code null}
 * @param thread    message {@code thread} and every message whose {@code replyTo} is {@code thread}, or {@code null}
 * @param unclaimed only messages claimable now (not claimed, completed or dead)
 * @param from      only from this sender, or {@code null}
 * @param to        only to this addressee, or {@code null}
 * @param limit     page size; 0 means the configured default
 * @param dead      {@code true}: only dead messages; {@code false}: only the others; {@code null}: both
 */
public record MessageQuery(@Nullable Long after, @Nullable String kind, @Nullable Long thread, boolean unclaimed,
                           @Nullable String from, @Nullable String to, int limit, @Nullable Boolean dead) {
    /** A query without the dead filter. */
    public MessageQuery(@Nullable Long after, @Nullable String kind, @Nullable Long thread, boolean unclaimed,
                        @Nullable String from, @Nullable String to, int limit) {
        this(after, kind, thread, unclaimed, from, to, limit, null);
    }

    /** The same query keeping only dead messages ({@code true}) or only the others ({@code false}). */
    public MessageQuery dead(boolean onlyDead) {
        return new MessageQuery(after, kind, thread, unclaimed, from, to, limit, onlyDead);
    }


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
        return new MessageQuery(after, kind, thread, unclaimed, from, to, newLimit, dead);
    }

    /** The same query after a cursor. */
    public MessageQuery after(long cursor) {
        return new MessageQuery(cursor, kind, thread, unclaimed, from, to, limit, dead);
    }

    /** True when {@code m} passes every filter (the limit aside). Stores that filter in memory use this. */
    public boolean matches(Message m) {
        return (after == null || m.id() > after)
                && (kind == null || kind.equals(m.kind()))
                && (thread == null || m.id() == thread || thread.equals(m.replyTo()))
                && (!unclaimed || m.claimable())
                && (dead == null || dead == m.dead())
                && (from == null || from.equals(m.from()))
                && (to == null || to.equals(m.to()));
    }
}
