package dev.agentsync.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.Entry;
import dev.agentsync.core.EvalResult;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.Times;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * CEL over a room: computed views resolved on read, write gates, and {@code eval}. Every evaluation goes through a
 * {@link CelContext} over one snapshot, so views resolve lazily, once each, on the state the caller sees.
 */
public final class Views {
    private final Cel cel;
    private final Clock clock;

    /** Views evaluated with {@code cel}; {@code clock} decides who is online. */
    public Views(Cel cel, Clock clock) {
        this.cel = cel;
        this.clock = clock;
    }

    /** The CEL engine. */
    public Cel cel() {
        return cel;
    }

    /** A fresh evaluation context over {@code v}. */
    public CelContext context(RoomView v) {
        return new CelContext(v, cel, Times.now(clock));
    }

    /** Replaces each view in {@code entries} by the same entry with its value resolved on {@code v}. */
    public void resolve(RoomView v, List<Entry> entries) {
        CelContext ctx = null;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.isView()) {
                ctx = ctx == null ? context(v) : ctx;
                entries.set(i, e.withResolved(resolvedJson(ctx, e.key())));
            }
        }
    }

    /** A view's value as JSON: its result, {@code {"_error": ...}}, or null for no such view. */
    public static JsonNode resolvedJson(CelContext ctx, String key) {
        Object r = ctx.resolveView(key);
        return r == null ? Json.NODES.nullNode() : Json.fromCel(r);
    }

    /**
     * A write gate: passes only when it evaluates to {@code true} on {@code v}.
     *
     * @throws PreconditionFailedException with the value it had, or the evaluation error
     */
    public void checkGate(RoomView v, Cel.Compiled gate) {
        Object result;
        try {
            result = context(v).eval(gate);
        } catch (CelErrorException e) {
            throw new PreconditionFailedException(gate.text(), null, e.detail());
        }
        if (!Boolean.TRUE.equals(result)) {
            throw new PreconditionFailedException(gate.text(), Json.fromCel(result), null);
        }
    }

    /** Evaluates an expression on {@code v}, with the room's scopes ({@code _shared}, {@code _view} first) and agents. */
    public EvalResult eval(RoomView v, Cel.Compiled expr) {
        Object value = context(v).eval(expr);
        List<String> scopes = new ArrayList<>(List.of(Scopes.SHARED, Scopes.VIEW));
        for (String s : new TreeSet<>(v.scopes())) {
            if (!scopes.contains(s)) {
                scopes.add(s);
            }
        }
        List<String> agentIds = new ArrayList<>();
        for (AgentRecord a : v.agents()) {
            agentIds.add(a.id());
        }
        return new EvalResult(expr.text(), Json.fromCel(value), v.revision(), scopes, agentIds, v.messageCounts());
    }
}
