package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentsync.core.spi.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Property-based part of the store contract: random sequences of writes, CAS, increments, batches and deletes,
 * applied to a store through the core and to a tiny reference model, must agree on every outcome, value,
 * version and on the room revision. A store subclasses this as it subclasses {@link StoreContract}.
 */
public abstract class StoreProperties {
    /** A fresh, empty store. */
    protected abstract Store newStore();

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("a", "b", "c");
    private static final List<String> SCOPES = List.of("_shared", "s1");

    /** One operation. kind: 0 set, 1 cas, 2 increment, 3 delete, 4 batch of {@code batch}. */
    record Op(int kind, String scope, String key, JsonNode value, long version, boolean useVersion, List<Op> batch) {
        Write write() {
            Write w = kind == 2 ? new Write(scope, key, value, null, null, true, null)
                    : new Write(scope, key, value, null, null, false, null);
            return useVersion ? w.ifVersion(version) : w;
        }
    }

    /** A value as JSON text (so 0 as an int and 0 as a long compare equal, as they do on the wire) and its version. */
    record Cell(String json, long version) {
        Cell(JsonNode value, long version) {
            this(value.toString(), version);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.frequencyOf(Tuple.of(6, single()), Tuple.of(1, batches())).list().ofMinSize(1).ofMaxSize(40);
    }

    private Arbitrary<Op> single() {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 5).map(N::numberNode),
                Arbitraries.of(0.5, -1.25, 2.0).map(N::numberNode),
                Arbitraries.of("x", "y").map(N::textNode));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(SCOPES), Arbitraries.of(KEYS), values,
                Arbitraries.longs().between(0, 4), Arbitraries.of(true, false))
                .as((kind, scope, key, value, version, useVersion) -> new Op(kind, scope, key,
                        kind == 2 && !value.isNumber() ? N.numberNode(1) : value, version, kind == 1 || (kind == 3 && useVersion), List.of()));
    }

    private Arbitrary<Op> batches() {
        return single().filter(o -> o.kind() != 3).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> new Op(4, "_shared", "", N.nullNode(), 0, false, l));
    }

    @Property(tries = 150)
    void storeAgreesWithTheModel(@ForAll("ops") @Size(max = 50) List<Op> ops) {
        try (Sync sync = Sync.builder().store(newStore()).build()) {
            sync.createRoom("p");
            Map<String, Cell> model = new HashMap<>();
            long revision = 0;
            for (Op op : ops) {
                String expected = applyToModel(model, op);
                String actual;
                try {
                    if (op.kind() == 3) {
                        DeleteResult d = sync.delete("p", op.scope(), op.key(), op.useVersion() ? op.version() : null, Caller.anonymous());
                        actual = d.deleted() ? "ok" : "absent";
                    } else if (op.kind() == 4) {
                        sync.batch("p", op.batch().stream().map(Op::write).toList());
                        actual = "ok";
                    } else {
                        sync.write("p", op.write());
                        actual = "ok";
                    }
                } catch (SyncException e) {
                    actual = e.code().code();
                }
                assertEquals(expected, actual, "outcome of " + op);
                if (expected.equals("ok")) {
                    revision++;
                }
                assertEquals(revision, sync.room("p").orElseThrow().revision(), "revision after " + op);
                Map<String, Cell> stored = new TreeMap<>();
                for (Entry e : sync.state("p", StateQuery.all())) {
                    stored.put(e.scope() + "/" + e.key(), new Cell(e.value(), e.version()));
                }
                assertEquals(new TreeMap<>(model), stored, "state after " + op);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference model: returns "ok", "absent" or the error code, and applies the op when it succeeds. */
    private static String applyToModel(Map<String, Cell> model, Op op) {
        if (op.kind() == 4) {
            Map<String, Cell> scratch = new HashMap<>(model);
            for (Op w : op.batch()) {
                String r = applyToModel(scratch, w);
                if (!r.equals("ok")) {
                    return r;
                }
            }
            model.clear();
            model.putAll(scratch);
            return "ok";
        }
        String id = op.scope() + "/" + op.key();
        Cell cur = model.get(id);
        if (op.useVersion()) {
            boolean ok = op.version() == 0 ? cur == null : cur != null && cur.version() == op.version();
            if (!ok) {
                return "version_conflict";
            }
        }
        if (op.kind() == 3) {
            if (cur == null) {
                return "absent";
            }
            model.remove(id);
            return "ok";
        }
        JsonNode next = op.value();
        if (op.kind() == 2 && cur != null) {
            JsonNode current = json(cur.json());
            if (!current.isNumber()) {
                return "not_a_number";
            }
            next = current.isIntegralNumber() && op.value().isIntegralNumber()
                    ? N.numberNode(current.longValue() + op.value().longValue())
                    : N.numberNode(current.doubleValue() + op.value().doubleValue());
        }
        model.put(id, new Cell(next, cur == null ? 1 : cur.version() + 1));
        return "ok";
    }
}
