package dev.agentsync.core.internal.wait;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.Agent;
import dev.agentsync.core.Entry;
import dev.agentsync.core.Included;
import dev.agentsync.core.MessageQuery;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.internal.CelContext;
import dev.agentsync.core.internal.Views;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The parts of a room a wait's {@code include} asked for, projected from the snapshot its condition saw. */
final class Includes {
    /** Messages returned for {@code messages:after:<id>}. */
    static final int MESSAGES_AFTER_PAGE = 50;

    private Includes() {
    }

    /** The parts of the room {@code spec} names, read from {@code ctx}'s snapshot (views resolved on it). */
    static Included project(IncludeSpec spec, CelContext ctx) {
        if (spec.isEmpty()) {
            return Included.NONE;
        }
        RoomView v = ctx.view();
        Map<String, Map<String, JsonNode>> state = null;
        if (spec.allState() || !spec.scopes().isEmpty()) {
            state = new TreeMap<>();
            TreeSet<String> scopes = new TreeSet<>(spec.scopes());
            if (spec.allState()) {
                scopes.addAll(v.scopes());
                scopes.add(Scopes.SHARED);
            }
            for (String s : scopes) {
                Map<String, JsonNode> values = new TreeMap<>();
                for (Entry e : v.scope(s).values()) {
                    values.put(e.key(), e.isView() ? Views.resolvedJson(ctx, e.key()) : e.value());
                }
                state.put(s, values);
            }
        }
        List<Agent> agents = null;
        if (spec.agents()) {
            agents = new ArrayList<>();
            for (AgentRecord a : v.agents()) {
                agents.add(a.toAgent(ctx.now(), v.room().settings().presenceTtlMs()));
            }
        }
        return new Included(state, agents, spec.messages() ? v.messageCounts() : null,
                spec.messagesAfter() == null ? null
                        : v.messages(MessageQuery.all().after(spec.messagesAfter()), MESSAGES_AFTER_PAGE));
    }
}
