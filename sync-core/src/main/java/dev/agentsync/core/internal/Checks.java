package dev.agentsync.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import org.jspecify.annotations.Nullable;

/** Input rules shared by every operation: sizes, short texts, the {@code invalid_request} error. */
public final class Checks {
    /** The longest name, role or kind, in characters. */
    public static final int MAX_TEXT = 256;

    private Checks() {
    }

    /** The error for a request that breaks an input rule. */
    public static SyncException invalid(String message) {
        return new SyncException(ErrorCode.INVALID_REQUEST, message);
    }

    /** Refuses a JSON value larger than {@code maxBytes} once serialized ({@code payload_too_large}). */
    public static void size(JsonNode v, String what, int maxBytes) {
        if (Json.exceeds(v, maxBytes)) {
            throw new SyncException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The " + what + " is larger than the limit of " + maxBytes + " bytes.");
        }
    }

    /** A short text (name, role, kind), when given, is 1-{@value #MAX_TEXT} characters. */
    public static void text(@Nullable String s, String what) {
        if (s != null && (s.isEmpty() || s.length() > MAX_TEXT)) {
            throw invalid("'" + what + "' must be 1-" + MAX_TEXT + " characters.");
        }
    }

    /** A version precondition is absent, 0 (must not exist) or a positive version. */
    public static void ifVersion(@Nullable Long ifVersion) {
        if (ifVersion != null && ifVersion < 0) {
            throw invalid("if_version must be 0 (absent) or a positive version, was " + ifVersion + ".");
        }
    }

    /** The error for an agent id that is not in the room. */
    public static SyncException agentNotFound(String room, String agent) {
        return new SyncException(ErrorCode.AGENT_NOT_FOUND, "No agent '" + agent + "' in room '" + room + "'; join first.");
    }
}
