package dev.agentsync.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/** JSON comparison for assertions: numbers by value, whatever node type a store parsed them into. */
final class Json {
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Json() {
    }

    /** True when {@code a} and {@code b} are the same JSON value, numbers compared by value at every depth. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(NUMBERS_BY_VALUE, b);
    }
}
