package dev.agentsync.core.internal;

import dev.agentsync.core.Caller;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.IdentityMismatchException;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.spi.AgentRecord;
import dev.agentsync.core.spi.RoomView;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, once: the bearer token's hash, whether the server demands one, which agent it belongs to in a
 * room, and whether that agent may act as another. Every operation asks this class; none checks tokens itself.
 */
public final class Identity {
    private final boolean requireAuth;

    /** With {@code requireAuth}, every change needs a token. */
    public Identity(boolean requireAuth) {
        this.requireAuth = requireAuth;
    }

    /** True when every change needs a token. */
    public boolean requiresAuth() {
        return requireAuth;
    }

    /** A caller's credentials for a read, or for a change that may be anonymous. */
    public Credentials of(Caller caller) {
        return new Credentials(caller.token().map(Tokens::hash).orElse(null));
    }

    /**
     * A caller's credentials for a change: refused at once ({@code authentication_required}) when the server
     * demands a token and none was sent — before any unit of work is opened.
     */
    public Credentials forChange(Caller caller) {
        Credentials c = of(caller);
        if (requireAuth && c.hash == null) {
            throw new SyncException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "This server requires a bearer token for every change: send Authorization: Bearer <token> from your join.");
        }
        return c;
    }

    /** The hash of a caller's token (or none), checked against a room's agents when the work runs. */
    public static final class Credentials {
        private final @Nullable String hash;

        private Credentials(@Nullable String hash) {
            this.hash = hash;
        }

        /** The token's hash, or null when anonymous. */
        public @Nullable String hash() {
            return hash;
        }

        /**
         * The agent the token belongs to in the room of {@code v}; null when anonymous.
         *
         * @throws SyncException {@code invalid_token} when a token was sent but no agent of the room holds it
         */
        public @Nullable String actor(RoomView v) {
            if (hash == null) {
                return null;
            }
            AgentRecord a = v.agentByTokenHash(hash).orElse(null);
            if (a == null || !Tokens.sameHash(a.tokenHash(), hash)) {
                throw new SyncException(ErrorCode.INVALID_TOKEN,
                        "The bearer token is not valid in room '" + v.room().id() + "'; join again to get a token.");
            }
            return a.id();
        }
    }

    /**
     * Checks that {@code actor} (the token's agent, null when anonymous) may act as {@code agent}: anonymous
     * callers may (identity is unverified), a token's holder only as itself. Returns the acting agent:
     * {@code agent}, or the token's agent when {@code agent} is null.
     *
     * @throws IdentityMismatchException when the token belongs to another agent
     */
    public static @Nullable String actAs(@Nullable String actor, @Nullable String agent) {
        if (actor != null && agent != null && !actor.equals(agent)) {
            throw new IdentityMismatchException(actor, agent);
        }
        return agent != null ? agent : actor;
    }
}
