package dev.agentsync.core.internal;

import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.SyncException;
import org.jspecify.annotations.Nullable;

/** Identifier rules: 1 to 128 characters from {@code [A-Za-z0-9._:@-]}; keys may also contain {@code /}. */
public final class Ids {
    /** Longest id, scope or key. */
    public static final int MAX = 128;

    private Ids() {
    }

    /** True when {@code s} is a valid room id, agent id or scope. */
    public static boolean valid(@Nullable String s) {
        return check(s, false);
    }

    /** True when {@code s} is a valid key. */
    public static boolean validKey(@Nullable String s) {
        return check(s, true);
    }

    private static boolean check(@Nullable String s, boolean slash) {
        if (s == null || s.isEmpty() || s.length() > MAX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '@' || c == '-' || (slash && c == '/');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code s} or throws {@code invalid_id} naming {@code what}. */
    public static String require(@Nullable String s, String what) {
        if (!valid(s)) {
            throw invalid(s, what, false);
        }
        return s;
    }

    /** Returns {@code s} or throws {@code invalid_id} for a key. */
    public static String requireKey(@Nullable String s) {
        if (!validKey(s)) {
            throw invalid(s, "key", true);
        }
        return s;
    }

    private static SyncException invalid(@Nullable String s, String what, boolean slash) {
        String shown = s == null ? "null" : "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        return new SyncException(ErrorCode.INVALID_ID, "The " + what + " " + shown + " is not valid: use 1-128 characters from "
                + (slash ? "A-Z a-z 0-9 . _ : @ - /" : "A-Z a-z 0-9 . _ : @ -") + ".");
    }
}
