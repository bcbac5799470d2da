package dev.agentsync.core;

/** The reserved scope names. Scopes starting with {@code _} are reserved; only these two exist. */
public final class Scopes {
    /** The default scope, writable by every agent. */
    public static final String SHARED = "_shared";
    /** Computed views: CEL expressions resolved on read. */
    public static final String VIEW = "_view";

    private Scopes() {
    }
}
