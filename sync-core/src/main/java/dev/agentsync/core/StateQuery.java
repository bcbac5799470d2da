package dev.agentsync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A state read: no filter lists every entry; {@code scope} one scope; {@code key} that key in every
 * scope; both the single entry. {@code resolve} adds views' resolved values.
 *
 * @param scope   only this scope, or {@code null}
 * @param key     only this key, or {@code null}
 * @param resolve resolve computed views
 */
public record StateQuery(@Nullable String scope, @Nullable String key, boolean resolve) {
    /** Every entry of the room, views resolved. */
    public static StateQuery all() {
        return new StateQuery(null, null, true);
    }

    /** One scope, views resolved. */
    public static StateQuery scope(String scope) {
        return new StateQuery(scope, null, true);
    }

    /** The scope filter, if any. */
    public Optional<String> scopeFilter() {
        return Optional.ofNullable(scope);
    }

    /** The key filter, if any. */
    public Optional<String> keyFilter() {
        return Optional.ofNullable(key);
    }
}
