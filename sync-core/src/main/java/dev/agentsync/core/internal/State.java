package dev.agentsync.core.internal;

import dev.agentsync.core.BatchResult;
import dev.agentsync.core.Caller;
import dev.agentsync.core.DeleteResult;
import dev.agentsync.core.Entry;
import dev.agentsync.core.EvalResult;
import dev.agentsync.core.StateQuery;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import dev.agentsync.core.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The state operations: a write, an all-or-nothing batch, a delete, reads (views resolved on request) and
 * {@code eval}. Each validates outside the room's lock, then applies {@link StateRules} inside one unit of work.
 */
public final class State {
    private final RoomUnits units;
    private final Identity identity;
    private final StateRules rules;
    private final Views views;
    private final Presence presence;
    private final Clock clock;

    /** State operations over {@code units}. */
    public State(RoomUnits units, Identity identity, StateRules rules, Views views, Presence presence, Clock clock) {
        this.units = units;
        this.identity = identity;
        this.rules = rules;
        this.views = views;
        this.presence = presence;
        this.clock = clock;
    }

    /** One write, with its optional CAS, gate and increment. */
    public WriteResult write(String room, Write w, Caller caller) {
        StateRules.Prepared p = rules.prepare(w);
        Cel.Compiled gate = w.gate() == null ? null : views.cel().compile(w.gate());
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            String actor = who.actor(tx);
            StateRules.authorizeScope(tx, actor, p.scope());
            if (gate != null) {
                views.checkGate(tx, gate);
            }
            Instant now = Times.now(clock);
            Entry e = rules.apply(tx, p, -1, now, actor);
            presence.touch(tx, StateRules.actingAs(actor, p.scope()), now);
            List<Entry> written = new ArrayList<>(List.of(e));
            views.resolve(tx, written);
            return new WriteResult(written.get(0), tx.revision() + 1);
        });
    }

    /** An all-or-nothing batch with an optional gate over the state before it. */
    public BatchResult batch(String room, List<Write> writes, @Nullable String gateText, Caller caller) {
        List<StateRules.Prepared> prepared = rules.prepareBatch(writes);
        Cel.Compiled gate = gateText == null ? null : views.cel().compile(gateText);
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            String actor = who.actor(tx);
            for (StateRules.Prepared p : prepared) {
                StateRules.authorizeScope(tx, actor, p.scope());
            }
            if (gate != null) {
                views.checkGate(tx, gate);
            }
            Instant now = Times.now(clock);
            List<Entry> out = new ArrayList<>(prepared.size());
            for (int i = 0; i < prepared.size(); i++) {
                out.add(rules.apply(tx, prepared.get(i), i, now, actor));
            }
            views.resolve(tx, out);
            if (actor != null) {
                presence.touch(tx, actor, now);
            } else {
                prepared.stream().map(p -> StateRules.actingAs(null, p.scope())).distinct()
                        .forEach(a -> presence.touch(tx, a, now));
            }
            return new BatchResult(out, tx.revision() + 1);
        });
    }

    /** Deletes one entry, optionally only at a version. */
    public DeleteResult delete(String room, String scope, String key, @Nullable Long ifVersion, Caller caller) {
        Ids.require(scope, "scope");
        Ids.requireKey(key);
        Checks.ifVersion(ifVersion);
        Identity.Credentials who = identity.forChange(caller);
        return units.mutate(room, tx -> {
            String actor = who.actor(tx);
            StateRules.authorizeScope(tx, actor, scope);
            Entry cur = tx.entry(scope, key).orElse(null);
            StateRules.checkVersion(ifVersion, cur, -1);
            if (cur == null) {
                return new DeleteResult(false, tx.revision());
            }
            tx.removeEntry(scope, key);
            presence.touch(tx, StateRules.actingAs(actor, scope), Times.now(clock));
            return new DeleteResult(true, tx.revision() + 1);
        });
    }

    /** Entries matching a query, ordered by scope then key. */
    public List<Entry> state(String room, StateQuery q) {
        if (q.scope() != null) {
            Ids.require(q.scope(), "scope");
        }
        if (q.key() != null) {
            Ids.requireKey(q.key());
        }
        return units.read(room, v -> {
            List<Entry> out = new ArrayList<>();
            Collection<String> scopes = q.scope() != null ? List.of(q.scope()) : new TreeSet<>(v.scopes());
            for (String s : scopes) {
                if (q.key() != null) {
                    v.entry(s, q.key()).ifPresent(out::add);
                } else {
                    out.addAll(new TreeMap<>(v.scope(s)).values());
                }
            }
            if (q.resolve()) {
                views.resolve(v, out);
            }
            return out;
        });
    }

    /** One entry, a view with its resolved value. */
    public Optional<Entry> entry(String room, String scope, String key) {
        List<Entry> found = state(room, new StateQuery(scope, key, true));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Evaluates an expression against the room; with {@code agent}, counts as that agent's heartbeat. */
    public EvalResult eval(String room, String expr, @Nullable String agent, Caller caller) {
        Cel.Compiled c = views.cel().compile(expr);
        if (agent != null) {
            Ids.require(agent, "agent id");
            Identity.Credentials who = identity.forChange(caller);
            units.mutate(room, tx -> {
                String actor = who.actor(tx);
                Presence.requireAgent(tx, room, agent);
                Identity.actAs(actor, agent);
                presence.touch(tx, agent, Times.now(clock));
                return null;
            });
        }
        return units.read(room, v -> views.eval(v, c));
    }
}
