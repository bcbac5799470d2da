package dev.agentsync.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A room's settings, fixed at creation. Every number is a whole number of at least 1 (milliseconds or a count),
 * or {@code null} where the default is {@code null}.
 *
 * @param claimLeaseMs           the lease a claim gets when it asks for none; {@code null}: claims never expire
 * @param maxDeliveries          grants after which an uncompleted message is dead; {@code null}: unlimited
 * @param presenceTtlMs          how long after its last heartbeat an agent stays online (default 60 000)
 * @param releaseClaimsOnOffline release an agent's claims when it goes offline (default false)
 * @param eventRetention         events kept for resuming (default 10 000)
 */
public record RoomSettings(@Nullable Long claimLeaseMs, @Nullable Integer maxDeliveries, long presenceTtlMs,
                           boolean releaseClaimsOnOffline, int eventRetention) {
    /** The default presence TTL. */
    public static final long DEFAULT_PRESENCE_TTL_MS = 60_000;
    /** The default event retention. */
    public static final int DEFAULT_EVENT_RETENTION = 10_000;

    /** Validates every bound; a violation is {@code invalid_request}. */
    public RoomSettings {
        if (claimLeaseMs != null && claimLeaseMs < 1) {
            throw bad("claim_lease_ms", claimLeaseMs);
        }
        if (maxDeliveries != null && maxDeliveries < 1) {
            throw bad("max_deliveries", maxDeliveries);
        }
        if (presenceTtlMs < 1) {
            throw bad("presence_ttl_ms", presenceTtlMs);
        }
        if (eventRetention < 1) {
            throw bad("event_retention", eventRetention);
        }
    }

    private static SyncException bad(String name, long value) {
        return new SyncException(ErrorCode.INVALID_REQUEST,
                "Setting '" + name + "' must be a whole number of at least 1, was " + value + ".");
    }

    /** Every default: no lease, unlimited deliveries, 60 s presence, claims kept when offline, 10 000 events. */
    public static RoomSettings defaults() {
        return new RoomSettings(null, null, DEFAULT_PRESENCE_TTL_MS, false, DEFAULT_EVENT_RETENTION);
    }

    /** The default lease for claims that give none. */
    public Optional<Duration> claimLease() {
        return Optional.ofNullable(claimLeaseMs).map(Duration::ofMillis);
    }

    /** A copy with a default claim lease. */
    public RoomSettings withClaimLease(Duration lease) {
        return new RoomSettings(lease.toMillis(), maxDeliveries, presenceTtlMs, releaseClaimsOnOffline, eventRetention);
    }

    /** A copy with a delivery limit. */
    public RoomSettings withMaxDeliveries(int n) {
        return new RoomSettings(claimLeaseMs, n, presenceTtlMs, releaseClaimsOnOffline, eventRetention);
    }

    /** A copy with another presence TTL. */
    public RoomSettings withPresenceTtl(Duration ttl) {
        return new RoomSettings(claimLeaseMs, maxDeliveries, ttl.toMillis(), releaseClaimsOnOffline, eventRetention);
    }

    /** A copy that releases an agent's claims when it goes offline. */
    public RoomSettings withReleaseClaimsOnOffline(boolean on) {
        return new RoomSettings(claimLeaseMs, maxDeliveries, presenceTtlMs, on, eventRetention);
    }

    /** A copy with another event retention. */
    public RoomSettings withEventRetention(int n) {
        return new RoomSettings(claimLeaseMs, maxDeliveries, presenceTtlMs, releaseClaimsOnOffline, n);
    }
}
