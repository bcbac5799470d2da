package dev.agentsync.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code messages} aggregate CEL sees: every message counted once, in the state it is in, in total and per
 * kind, so a worker can wait on {@code messages.by_kind.task.unclaimed > 0}. {@code byKind} has an entry for
 * every kind the room has seen; its own entries have an empty {@code byKind}.
 *
 * @param count     every message: {@code unclaimed + claimed + completed + dead}
 * @param unclaimed claimable now
 * @param claimed   held now
 * @param completed done
 * @param dead      out of deliveries
 * @param byKind    the same counts per kind
 */
public record MessageCounts(long count, long unclaimed, long claimed, long completed, long dead,
                            Map<String, MessageCounts> byKind) {
    /** No messages. */
    public static final MessageCounts NONE = new MessageCounts(0, 0, 0, 0, 0, Map.of());

    /** Validates the sum and freezes {@code byKind}. */
    public MessageCounts {
        if (count != unclaimed + claimed + completed + dead) {
            throw new IllegalArgumentException("count must be unclaimed + claimed + completed + dead");
        }
        byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
    }

    /** Counts of one kind (or a total) from the number of messages in each state. */
    public static MessageCounts of(long unclaimed, long claimed, long completed, long dead) {
        return new MessageCounts(unclaimed + claimed + completed + dead, unclaimed, claimed, completed, dead, Map.of());
    }

    /** Adds up messages one by one: {@code add(kind, state)} per message, then {@link #build()}. */
    public static Tally tally() {
        return new Tally();
    }

    /** An accumulator of counts per kind and state. */
    public static final class Tally {
        private final TreeMap<String, long[]> kinds = new TreeMap<>();

        private Tally() {
        }

        /** Counts {@code n} messages of {@code kind} in {@code state}. */
        public Tally add(String kind, MessageState state, long n) {
            kinds.computeIfAbsent(kind, k -> new long[4])[state.ordinal()] += n;
            return this;
        }

        /** Counts one message. */
        public Tally add(Message m) {
            return add(m.kind(), m.state(), 1);
        }

        /** The aggregate. */
        public MessageCounts build() {
            long[] total = new long[4];
            TreeMap<String, MessageCounts> byKind = new TreeMap<>();
            kinds.forEach((kind, c) -> {
                byKind.put(kind, of(c[0], c[1], c[2], c[3]));
                for (int i = 0; i < 4; i++) {
                    total[i] += c[i];
                }
            });
            return new MessageCounts(total[0] + total[1] + total[2] + total[3], total[0], total[1], total[2], total[3], byKind);
        }
    }
}
