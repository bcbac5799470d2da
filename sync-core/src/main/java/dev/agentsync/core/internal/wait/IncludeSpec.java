package dev.agentsync.core.internal.wait;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.internal.Ids;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code include} list: {@code state}, {@code state.<scope>}, {@code agents}, {@code messages},
 * {@code messages:after:<id>}. {@link #key()} is canonical, so waiters asking for the same parts share one build.
 */
public record IncludeSpec(boolean allState, TreeSet<String> scopes, boolean agents, boolean messages,
                          @Nullable Long messagesAfter) {
    /** Nothing. */
    public static final IncludeSpec NONE = new IncludeSpec(false, new TreeSet<>(), false, false, null);

    /** Parses the parts; blank parts are ignored; an unknown part is {@code invalid_request}. */
    public static IncludeSpec parse(List<String> parts) {
        boolean all = false;
        boolean agents = false;
        boolean messages = false;
        Long after = null;
        TreeSet<String> scopes = new TreeSet<>();
        for (String raw : parts) {
            String p = raw.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("state")) {
                all = true;
            } else if (p.startsWith("state.")) {
                scopes.add(Ids.require(p.substring(6), "include scope"));
            } else if (p.equals("agents")) {
                agents = true;
            } else if (p.equals("messages")) {
                messages = true;
            } else if (p.startsWith("messages:after:")) {
                try {
                    after = Long.parseLong(p.substring("messages:after:".length()));
                } catch (NumberFormatException e) {
                    after = -1L;
                }
                if (after < 0) {
                    throw bad(p);
                }
            } else {
                throw bad(p);
            }
        }
        if (!all && scopes.isEmpty() && !agents && !messages && after == null) {
            return NONE;
        }
        return new IncludeSpec(all, scopes, agents, messages, after);
    }

    private static SyncException bad(String p) {
        return new SyncException(ErrorCode.INVALID_REQUEST, "Unknown include '" + p
                + "'; use state, state.<scope>, agents, messages or messages:after:<id>.");
    }

    /** True when nothing is asked for. */
    public boolean isEmpty() {
        return this == NONE || (!allState && scopes.isEmpty() && !agents && !messages && messagesAfter == null);
    }

    /** A canonical key: equal for equal specs. */
    public String key() {
        return allState + "|" + scopes + "|" + agents + "|" + messages + "|" + messagesAfter;
    }
}
