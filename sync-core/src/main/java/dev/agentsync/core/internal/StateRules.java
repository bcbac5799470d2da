package dev.agentsync.core.internal;

import static dev.agentsync.core.internal.Checks.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.ClaimFence;
import dev.agentsync.core.Entry;
import dev.agentsync.core.IdentityMismatchException;
import dev.agentsync.core.Limits;
import dev.agentsync.core.NotANumberException;
import dev.agentsync.core.Scopes;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.VersionConflictException;
import dev.agentsync.core.Write;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rules of versioned state, once: which scopes exist, what a write may carry, compare-and-swap on versions,
 * increments (integers stay integers, overflow is refused), batch shape, and who may write an agent's scope.
 */
public final class StateRules {
    private static final JsonNode ONE = Json.NODES.numberNode(1);

    private final Limits limits;
    private final Cel cel;

    /** Rules under {@code limits}, compiling view expressions with {@code cel}. */
    public StateRules(Limits limits, Cel cel) {
        this.limits = limits;
        this.cel = cel;
    }

    /** A write validated and compiled outside the room's lock. */
    public record Prepared(String scope, String key, @Nullable JsonNode value, Cel.@Nullable Compiled expr,
                           @Nullable Long ifVersion, boolean increment, @Nullable ClaimFence ifClaim) {
    }

    /** Validates one write (and compiles a view's expression) before any unit of work is opened. */
    public Prepared prepare(Write w) {
        String scope = Ids.require(w.scope(), "scope");
        String key = Ids.requireKey(w.key());
        if (scope.startsWith("_") && !scope.equals(Scopes.SHARED) && !scope.equals(Scopes.VIEW)) {
            throw invalid("Scope '" + scope + "' is reserved; scopes starting with _ are _shared and _view only.");
        }
        Checks.ifVersion(w.ifVersion());
        if (scope.equals(Scopes.VIEW)) {
            if (w.expr() == null) {
                throw invalid("A _view entry needs 'expr', a CEL expression, instead of 'value'.");
            }
            if (w.increment()) {
                throw invalid("A _view entry cannot be incremented.");
            }
            return new Prepared(scope, key, null, cel.compile(w.expr()), w.ifVersion(), false, w.ifClaim());
        }
        if (w.expr() != null) {
            throw invalid("'expr' is only for scope _view; use 'value' in scope " + scope + ".");
        }
        JsonNode value = w.value() == null || w.value().isMissingNode() ? null : w.value();
        if (value == null && w.increment()) {
            value = ONE; // an increment without a value adds 1, as in the original
        }
        if (value == null) {
            throw invalid("'value' is required (unless 'increment', which adds 1 when it is absent).");
        }
        if (w.increment() && !value.isNumber()) {
            throw invalid("An increment's 'value' must be a number, was " + value.getNodeType().name().toLowerCase() + ".");
        }
        if (w.ifClaim() != null && (w.ifClaim().message() < 1 || w.ifClaim().fence() < 0)) {
            throw invalid("'if_claim' needs a message id (1 or more) and a fence (0 or more).");
        }
        Checks.size(value, "value", limits.maxValueBytes());
        return new Prepared(scope, key, value, null, w.ifVersion(), w.increment(), w.ifClaim());
    }

    /**
     * Validates a batch: 1 to {@link Limits#maxBatch()} writes, none with a gate of its own (a batch takes one
     * gate for all). An error in one write names its index.
     */
    public List<Prepared> prepareBatch(List<Write> writes) {
        if (writes.isEmpty()) {
            throw invalid("A batch needs at least one write in 'writes'.");
        }
        if (writes.size() > limits.maxBatch()) {
            throw invalid("A batch holds at most " + limits.maxBatch() + " writes, this one has " + writes.size() + ".");
        }
        List<Prepared> prepared = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            if (w.gate() != null) {
                throw invalid("writes[" + i + "] has its own 'if'; a batch takes one 'if' for all its writes.");
            }
            try {
                prepared.add(prepare(w));
            } catch (SyncException e) {
                if (e.getClass() == SyncException.class) {
                    throw new SyncException(e.code(), "writes[" + i + "]: " + e.getMessage());
                }
                throw e;
            }
        }
        return prepared;
    }

    /**
     * Compare-and-swap: {@code ifVersion} absent passes, 0 means "must not exist", n means "must be at version n".
     *
     * @param index the write's index in its batch, or -1
     * @throws VersionConflictException with the current entry
     */
    public static void checkVersion(@Nullable Long ifVersion, @Nullable Entry current, int index) {
        if (ifVersion == null) {
            return;
        }
        long want = ifVersion;
        boolean ok = want == 0 ? current == null : current != null && current.version() == want;
        if (!ok) {
            throw new VersionConflictException(want, current, index);
        }
    }

    /**
     * Applies a prepared write in {@code tx}: CAS, then the fence ({@code if_claim}, held now by {@code actor}
     * when there is one), then set, view or increment; returns the new entry.
     */
    public Entry apply(RoomTx tx, Prepared p, int index, Instant now, @Nullable String actor) {
        Entry cur = tx.entry(p.scope(), p.key()).orElse(null);
        checkVersion(p.ifVersion(), cur, index);
        if (p.ifClaim() != null) {
            Claims.checkFence(tx, p.ifClaim(), actor, index, now);
        }
        long version = cur == null ? 1 : cur.version() + 1;
        Entry next;
        if (p.expr() != null) {
            next = Entry.view(p.key(), p.expr().text(), version, now);
        } else if (p.increment()) {
            next = Entry.of(p.scope(), p.key(), add(cur, p.value()), version, now);
        } else {
            next = Entry.of(p.scope(), p.key(), p.value(), version, now);
        }
        tx.putEntry(next);
        return next;
    }

    /** An increment: int + int stays an exact 64-bit integer; anything else is a finite double. */
    static JsonNode add(@Nullable Entry cur, JsonNode delta) {
        if (cur == null) {
            return delta;
        }
        JsonNode base = cur.value();
        if (cur.isView() || !base.isNumber()) {
            throw new NotANumberException(cur);
        }
        if (base.isIntegralNumber() && delta.isIntegralNumber() && base.canConvertToLong() && delta.canConvertToLong()) {
            try {
                return Json.NODES.numberNode(Math.addExact(base.longValue(), delta.longValue()));
            } catch (ArithmeticException e) {
                throw invalid("The increment overflows a 64-bit integer; nothing was written.");
            }
        }
        double sum = base.doubleValue() + delta.doubleValue();
        if (!Double.isFinite(sum)) {
            throw invalid("The increment's result is not a finite number; nothing was written.");
        }
        return Json.NODES.numberNode(sum);
    }

    /** An agent's own scope (named after a joined agent) is written only by that agent when a token is used. */
    public static void authorizeScope(RoomView v, @Nullable String actor, String scope) {
        if (actor != null && !scope.startsWith("_") && !scope.equals(actor) && v.agent(scope).isPresent()) {
            throw new IdentityMismatchException(actor, scope);
        }
    }

    /** Whose heartbeat a write counts as: the token's agent, else the agent named by a non-reserved scope. */
    public static @Nullable String actingAs(@Nullable String actor, String scope) {
        return actor != null ? actor : scope.startsWith("_") ? null : scope;
    }
}
