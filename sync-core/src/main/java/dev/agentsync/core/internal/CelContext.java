package dev.agentsync.core.internal;

import dev.agentsync.core.Times;

import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.Entry;
import dev.agentsync.core.MessageCounts;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomView;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every expression sees, built lazily over one room snapshot: {@code state}, {@code agents} and
 * {@code messages}. Nothing is copied up front: {@code state._shared.x} looks up one entry and converts one
 * value, so an evaluation costs the same in a room of 10 keys and of 10 000. Views resolve on access, once
 * per context, in any order, with cycle detection. Valid only inside the unit of work of its snapshot.
 */
public final class CelContext implements CelVariableResolver {
    private final RoomView view;
    private final Cel cel;
    private final Instant now;
    private Map<String, Object> state;
    private Map<String, Object> agents;
    private Map<String, Object> messages;
    private final Map<String, Object> resolvedViews = new HashMap<>();
    private final List<String> resolving = new ArrayList<>();
    private final Map<String, String> cycles = new HashMap<>();

    /** A context over {@code view} at time {@code now} (which decides who is {@code online}). */
    public CelContext(RoomView view, Cel cel, Instant now) {
        this.view = view;
        this.cel = cel;
        this.now = now;
    }

    /** The snapshot. */
    public RoomView view() {
        return view;
    }

    /** The time the context is evaluated at. */
    public Instant now() {
        return now;
    }

    @Override
    public Optional<Object> find(String name) {
        switch (name) {
            case "state":
                if (state == null) {
                    state = new StateMap();
                }
                return Optional.of(state);
            case "agents":
                if (agents == null) {
                    agents = agentsMap();
                }
                return Optional.of(agents);
            case "messages":
                if (messages == null) {
                    MessageCounts mc = view.messageCounts();
                    Map<String, Object> m = counts(mc);
                    Map<String, Object> byKind = new LinkedHashMap<>();
                    mc.byKind().forEach((kind, c) -> byKind.put(kind, counts(c)));
                    m.put("by_kind", byKind);
                    messages = m;
                }
                return Optional.of(messages);
            default:
                return Optional.empty();
        }
    }

    /** Evaluates an expression in this context. */
    public Object eval(Cel.Compiled c) {
        return cel.eval(c, this);
    }

    /**
     * A view's value as CEL sees it: the expression's result, or {@code {"_error": detail}} when it fails
     * or takes part in a cycle.
     */
    public Object resolveView(String key) {
        Object done = resolvedViews.get(key);
        if (done != null) {
            return done;
        }
        int at = resolving.indexOf(key);
        if (at >= 0) {
            List<String> members = new ArrayList<>(resolving.subList(at, resolving.size()));
            members.add(key);
            String detail = "cycle: " + String.join(" -> ", members);
            for (String m : members) {
                cycles.putIfAbsent(m, detail);
            }
            throw new ViewCycle(detail);
        }
        Entry e = view.scope(Scopes.VIEW).get(key);
        if (e == null || e.expr() == null) {
            return null;
        }
        resolving.add(key);
        Object value;
        boolean rethrow = false;
        try {
            value = eval(cel.compile(e.expr()));
        } catch (SyncException | ViewCycle ex) {
            String cycle = cycles.get(key);
            if (cycle != null) {
                value = error(cycle);
                // Every member but the one the cycle started from fails its reader too, so the whole cycle errs.
                rethrow = !cycle.startsWith("cycle: " + key + " ->");
            } else {
                value = error(ex instanceof CelErrorException ? ((CelErrorException) ex).detail() : String.valueOf(ex.getMessage()));
            }
        } finally {
            resolving.remove(resolving.size() - 1);
        }
        resolvedViews.put(key, value);
        if (rethrow) {
            throw new ViewCycle(cycles.get(key));
        }
        return value;
    }

    private static Map<String, Object> counts(MessageCounts c) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("count", c.count());
        m.put("unclaimed", c.unclaimed());
        m.put("claimed", c.claimed());
        m.put("completed", c.completed());
        m.put("dead", c.dead());
        return m;
    }

    private static Map<String, Object> error(String detail) {
        return Map.of("_error", detail);
    }

    private Map<String, Object> agentsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (AgentRecord a : view.agents()) {
            Map<String, Object> fields = new LinkedHashMap<>(8);
            fields.put("name", a.name());
            fields.put("role", a.role());
            fields.put("status", a.status().wire());
            fields.put("waiting_on", a.waitingOn() == null ? NullValue.NULL_VALUE : a.waitingOn());
            fields.put("last_heartbeat", Times.format(a.lastHeartbeat()));
            fields.put("online", a.online(now, view.room().settings().presenceTtlMs()));
            m.put(a.id(), fields);
        }
        return m;
    }

    /** Thrown through CEL when a view reads a view that is being resolved. */
    static final class ViewCycle extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ViewCycle(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code state}: scope name to a lazy scope map; {@code _shared} and {@code _view} always present. */
    private final class StateMap extends AbstractMap<String, Object> {
        private final Map<String, Object> scopes = new HashMap<>();

        @Override
        public Object get(Object k) {
            if (!(k instanceof String)) {
                return null;
            }
            String s = (String) k;
            Object m = scopes.get(s);
            if (m == null && containsKey(s)) {
                m = Scopes.VIEW.equals(s) ? new ViewsMap() : new ScopeMap(view.scope(s));
                scopes.put(s, m);
            }
            return m;
        }

        @Override
        public boolean containsKey(Object k) {
            return Scopes.SHARED.equals(k) || Scopes.VIEW.equals(k) || view.scopes().contains(k);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put(Scopes.SHARED, get(Scopes.SHARED));
            all.put(Scopes.VIEW, get(Scopes.VIEW));
            for (String s : view.scopes()) {
                all.put(s, get(s));
            }
            return all.entrySet();
        }
    }

    /** One scope's values, converted to CEL on access. */
    private static final class ScopeMap extends AbstractMap<String, Object> {
        private final Map<String, dev.agentsync.core.Entry> entries;

        ScopeMap(Map<String, dev.agentsync.core.Entry> entries) {
            this.entries = entries;
        }

        @Override
        public Object get(Object k) {
            dev.agentsync.core.Entry e = entries.get(k);
            return e == null ? null : Json.toCel(e.value());
        }

        @Override
        public boolean containsKey(Object k) {
            return entries.containsKey(k);
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (Map.Entry<String, dev.agentsync.core.Entry> e : entries.entrySet()) {
                all.put(e.getKey(), Json.toCel(e.getValue().value()));
            }
            return all.entrySet();
        }
    }

    /** {@code state._view}: each view's resolved value. */
    private final class ViewsMap extends AbstractMap<String, Object> {
        @Override
        public Object get(Object k) {
            return k instanceof String ? resolveView((String) k) : null;
        }

        @Override
        public boolean containsKey(Object k) {
            return view.scope(Scopes.VIEW).containsKey(k);
        }

        @Override
        public int size() {
            return view.scope(Scopes.VIEW).size();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String k : view.scope(Scopes.VIEW).keySet()) {
                all.put(k, resolveView(k));
            }
            return all.entrySet();
        }
    }
}
