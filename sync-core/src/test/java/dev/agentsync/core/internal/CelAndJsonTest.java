package dev.agentsync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.InvalidCelException;
import dev.agentsync.core.SyncException;
import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CEL engine and the JSON/CEL conversions it relies on. */
class CelAndJsonTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void theLegacyRuntimeIsInUse() {
        // design.md: the planner runtime costs time linear in the size of the state map; a switch must not go unnoticed
        assertTrue(new Cel(4096, 1000).runtimeName().contains("CelRuntimeLegacyImpl"), new Cel(4096, 1000).runtimeName());
    }

    @Test
    void compiledProgramsAreCachedByText() {
        Cel cel = new Cel(4096, 1000);
        assertSame(cel.compile("1 + 1 == 2"), cel.compile("1 + 1 == 2"));
    }

    @Test
    void compileErrorsCarryOneBasedLineAndColumn() {
        InvalidCelException e = assertThrows(InvalidCelException.class, () -> new Cel(4096, 1000).compile("true &&\n  ) "));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        SyncException big = assertThrows(SyncException.class, () -> new Cel(16, 1000).compile("1 + 1 + 1 + 1 + 1 + 1"));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, big.code());
        assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SyncException.class, () -> new Cel(16, 1000).compile("  ")).code());
    }

    @Test
    void jsonBecomesTheCelTypesTheRuntimeExpects() throws Exception {
        Object v = Json.toCel(json("{\"i\":1,\"d\":1.5,\"s\":\"x\",\"b\":true,\"n\":null,\"a\":[1,2.0],\"big\":123456789012345678901234}"));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(1L, m.get("i"));
        assertEquals(1.5, m.get("d"));
        assertEquals("x", m.get("s"));
        assertEquals(true, m.get("b"));
        assertSame(NullValue.NULL_VALUE, m.get("n"));
        assertEquals(List.of(1L, 2.0), m.get("a"));
        assertInstanceOf(Double.class, m.get("big"), "integers beyond 64 bits become doubles, never Integer or BigInteger");
    }

    @Test
    void celValuesComeBackAsJson() throws Exception {
        assertEquals("{\"a\":[1,2.5,\"x\",null,true]}",
                Json.fromCel(Map.of("a", List.of(1L, 2.5, "x", NullValue.NULL_VALUE, true))).toString());
        assertEquals("Infinity", Json.fromCel(Double.POSITIVE_INFINITY).asText(), "JSON has no infinity");
    }

    @Test
    void sizeAccountingStopsAtTheLimit() throws Exception {
        JsonNode small = json("{\"k\":\"v\"}");
        assertFalse(Json.exceeds(small, 100));
        assertTrue(Json.exceeds(json("[\"" + "x".repeat(200) + "\"]"), 100));
        assertTrue(Json.exceeds(json("\"" + "\u00e9".repeat(60) + "\""), 100), "counted in UTF-8 bytes, not chars");
        assertEquals(4, Json.utf8Length("\ud83d\ude00"));
    }

    @Test
    void idRules() {
        assertTrue(Ids.valid("agent-a.b_c:d@e"));
        assertFalse(Ids.valid("a/b"));
        assertTrue(Ids.validKey("a/b"));
        assertFalse(Ids.valid(""));
        assertFalse(Ids.valid("x".repeat(129)));
        assertFalse(Ids.valid(null));
        assertEquals(ErrorCode.INVALID_ID, assertThrows(SyncException.class, () -> Ids.require("a b", "room id")).code());
    }

    @Test
    void tokensAreRandomAndOnlyTheirHashIsComparable() {
        String t = Tokens.generate();
        assertTrue(t.matches("as_[0-9a-f]{48}"));
        assertFalse(t.equals(Tokens.generate()));
        assertEquals(64, Tokens.hash(t).length());
        assertTrue(Tokens.sameHash(Tokens.hash(t), Tokens.hash(t)));
        assertFalse(Tokens.sameHash(Tokens.hash(t), Tokens.hash(t + "x")));
    }
}
