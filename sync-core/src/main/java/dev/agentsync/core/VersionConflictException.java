package dev.agentsync.core;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * {@code if_version} did not match. Carries the version the caller expected, the current entry (empty
 * when the key does not exist) and, inside a batch, the index of the failing write.
 */
public final class VersionConflictException extends SyncException {
    private static final long serialVersionUID = 1L;
    private final long expectedVersion;
    private final transient @Nullable Entry current;
    private final int index;

    /** Creates the exception; {@code index} is -1 outside a batch. */
    public VersionConflictException(long expectedVersion, @Nullable Entry current, int index) {
        super(ErrorCode.VERSION_CONFLICT, message(expectedVersion, current, index));
        this.expectedVersion = expectedVersion;
        this.current = current;
        this.index = index;
    }

    private static String message(long expected, @Nullable Entry current, int index) {
        String where = index >= 0 ? "Write " + index + " of the batch expected " : "Expected ";
        String now = current == null ? "the key does not exist" : "the current version is " + current.version();
        String want = expected == 0 ? "the key to be absent" : "version " + expected;
        return where + want + " but " + now + "; re-read and retry with the current version.";
    }

    /** The version the caller asked for (0 means "absent"). */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The entry as it stands, or empty when the key does not exist. */
    public Optional<Entry> current() {
        return Optional.ofNullable(current);
    }

    /** The index of the failing write inside a batch; empty for a single write. */
    public OptionalInt index() {
        return index >= 0 ? OptionalInt.of(index) : OptionalInt.empty();
    }
}
