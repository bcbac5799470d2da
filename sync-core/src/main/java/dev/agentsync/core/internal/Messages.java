package dev.agentsync.core.internal;

import static dev.agentsync.core.internal.Checks.invalid;

import dev.agentsync.core.Caller;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Limits;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Messages: posting (ids are consecutive per room, {@code reply_to} must exist) and paged queries. Claims and
 * what follows them live in {@link Claims}.
 */
public final class Messages {
    /** The kind of a message posted without one. */
    public static final String DEFAULT_KIND = "message";

    private final RoomUnits units;
    private final Identity identity;
    private final Presence presence;
    private final Clock clock;
    private final Limits limits;

    /** Messages over {@code units}. */
    public Messages(RoomUnits units, Identity identity, Presence presence, Clock clock, Limits limits) {
        this.units = units;
        this.identity = identity;
        this.presence = presence;
        this.clock = clock;
        this.limits = limits;
    }

    /** Posts a message. */
    public Message post(String room, NewMessage m, Caller caller) {
        if (m.from() != null) {
            Ids.require(m.from(), "from");
        }
        if (m.to() != null) {
            Ids.require(m.to(), "to");
        }
        Checks.text(m.kind(), "kind");
        if (m.replyTo() != null && m.replyTo() < 1) {
            throw invalid("'reply_to' must be a message id (1 or more).");
        }
        Checks.size(m.body(), "body", limits.maxValueBytes());
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            String from = Identity.actAs(who.actor(tx), m.from());
            if (m.replyTo() != null && tx.message(m.replyTo()).isEmpty()) {
                throw new SyncException(ErrorCode.REPLY_TO_NOT_FOUND, "reply_to " + m.replyTo() + " is not a message of this room.");
            }
            Instant now = Times.now(clock);
            Message msg = new Message(tx.room().lastMessageId() + 1, from, m.to(), m.kind() == null ? DEFAULT_KIND : m.kind(),
                    m.body(), m.replyTo(), null, null, now);
            tx.putMessage(msg);
            presence.touch(tx, from, now);
            return msg;
        });
    }

    /** Messages matching a query, in id order; the page size defaults and is capped by the limits. */
    public List<Message> messages(String room, MessageQuery q) {
        if (q.limit() < 0) {
            throw invalid("'limit' must be positive.");
        }
        int limit = q.limit() == 0 ? limits.messagePage() : Math.min(q.limit(), limits.maxMessagePage());
        return units.read(room, v -> v.messages(q, limit));
    }
}
