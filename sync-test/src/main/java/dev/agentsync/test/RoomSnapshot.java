package dev.agentsync.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.AgentStatus;
import dev.agentsync.core.Entry;
import dev.agentsync.core.Message;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.StateQuery;
import dev.agentsync.core.Sync;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a room holds, for assertions and for failure messages: state by scope (views resolved), every message with
 * its claim, every agent with its presence, and the waits in flight. {@link #toString()} renders it for people.
 *
 * <p>The parts are read one after another; the snapshot is retaken (a few times at most) until the room's revision
 * is the same before and after, so on a quiet room the parts are from one revision.
 *
 * @param room     the room id
 * @param revision the room's revision
 * @param state    scope to key to entry, scopes and keys in order
 * @param messages every message, in id order
 * @param agents   every agent, in join order
 * @param waits    waits in flight in the room
 */
public record RoomSnapshot(String room, long revision, Map<String, Map<String, Entry>> state, List<Message> messages,
                           List<Agent> agents, int waits) {
    private static final int MAX_RENDERED_MESSAGES = 100;
    private static final int MAX_VALUE_CHARS = 120;

    /** Copies the parts. */
    public RoomSnapshot {
        Map<String, Map<String, Entry>> copy = new LinkedHashMap<>();
        state.forEach((scope, entries) -> copy.put(scope, Collections.unmodifiableMap(new LinkedHashMap<>(entries))));
        state = Collections.unmodifiableMap(copy);
        messages = List.copyOf(messages);
        agents = List.copyOf(agents);
    }

    /** Reads {@code room} from {@code sync}. @throws dev.agentsync.core.SyncException {@code room_not_found} */
    public static RoomSnapshot of(Sync sync, String room) {
        RoomSnapshot s = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            long before = revision(sync, room);
            s = read(sync, room, before);
            if (revision(sync, room) == before) {
                return s;
            }
        }
        return s;
    }

    private static long revision(Sync sync, String room) {
        return sync.room(room).map(RoomInfo::revision).orElseThrow(() -> dev.agentsync.core.spi.Store.roomNotFound(room));
    }

    private static RoomSnapshot read(Sync sync, String room, long revision) {
        Map<String, Map<String, Entry>> state = new LinkedHashMap<>();
        for (Entry e : sync.state(room, StateQuery.all())) {
            state.computeIfAbsent(e.scope(), k -> new LinkedHashMap<>()).put(e.key(), e);
        }
        List<Message> messages = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Message> page = sync.messages(room, MessageQuery.all().after(after));
            if (page.isEmpty()) {
                break;
            }
            messages.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        return new RoomSnapshot(room, revision, state, messages, sync.agents(room), sync.waiting(room));
    }

    /** One entry. */
    public Optional<Entry> entry(String scope, String key) {
        return Optional.ofNullable(state.getOrDefault(scope, Map.of()).get(key));
    }

    /** One entry's value (a view's resolved value). */
    public Optional<JsonNode> value(String scope, String key) {
        return entry(scope, key).map(e -> e.isView() ? e.resolvedValue() : e.value());
    }

    /** One agent. */
    public Optional<Agent> agent(String id) {
        return agents.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The agents in a wait now. */
    public List<Agent> waitingAgents() {
        return agents.stream().filter(a -> a.status() == AgentStatus.WAITING).toList();
    }

    /** The messages nobody has claimed. */
    public List<Message> unclaimed() {
        return messages.stream().filter(m -> !m.claimed()).toList();
    }

    /** The room, one line per entry, message and agent. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("room '").append(room).append("' at revision ").append(revision).append(", ").append(waits)
                .append(waits == 1 ? " wait" : " waits").append(" in flight\n");
        b.append("  state:").append(state.isEmpty() ? " (empty)" : "").append('\n');
        state.forEach((scope, entries) -> entries.forEach((key, e) -> {
            b.append("    ").append(scope).append('.').append(key);
            if (e.isView()) {
                b.append(" := `").append(e.expr()).append("` = ").append(e.resolvedValue() == null ? "?" : clip(e.resolvedValue()));
            } else {
                b.append(" = ").append(clip(e.value()));
            }
            b.append("  (v").append(e.version()).append(")\n");
        }));
        b.append("  messages:").append(messages.isEmpty() ? " (none)" : "").append('\n');
        int from = Math.max(0, messages.size() - MAX_RENDERED_MESSAGES);
        if (from > 0) {
            b.append("    ... ").append(from).append(" earlier message(s)\n");
        }
        for (Message m : messages.subList(from, messages.size())) {
            b.append("    #").append(m.id()).append(' ').append(m.kind()).append(" from ").append(m.from() == null ? "-" : m.from());
            if (m.to() != null) {
                b.append(" to ").append(m.to());
            }
            if (m.replyTo() != null) {
                b.append(" re #").append(m.replyTo());
            }
            b.append(": ").append(clip(m.body())).append(m.claimed() ? "  claimed by " + m.claimedBy() : "  unclaimed").append('\n');
        }
        b.append("  agents:").append(agents.isEmpty() ? " (none)" : "").append('\n');
        for (Agent a : agents) {
            b.append("    ").append(a.id()).append(' ').append(a.status().wire());
            if (a.waitingOn() != null) {
                b.append(" on `").append(a.waitingOn()).append('`');
            }
            b.append("  (role ").append(a.role()).append(", last heartbeat ").append(a.lastHeartbeat()).append(")\n");
        }
        return b.toString();
    }

    private static String clip(JsonNode v) {
        String s = v.toString();
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "...(" + s.length() + " chars)";
    }
}
