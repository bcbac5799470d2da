package dev.agentsync.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.Caller;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.Limits;
import dev.agentsync.core.RoomInfo;
import dev.agentsync.core.RoomSettings;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.Times;
import dev.agentsync.core.spi.RoomRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Rooms: creation (random UUID or a chosen id, optional meta), lookup, and the rooms a token belongs to. */
public final class Rooms {
    private final RoomUnits units;
    private final Identity identity;
    private final Clock clock;
    private final Limits limits;

    /** Rooms over {@code units}. */
    public Rooms(RoomUnits units, Identity identity, Clock clock, Limits limits) {
        this.units = units;
        this.identity = identity;
        this.clock = clock;
        this.limits = limits;
    }

    /** Creates a room. */
    public RoomInfo create(@Nullable String id, @Nullable ObjectNode meta, RoomSettings settings) {
        units.ensureOpen();
        String roomId = id == null ? UUID.randomUUID().toString() : Ids.require(id, "room id");
        ObjectNode m = meta == null ? Json.NODES.objectNode() : meta.deepCopy();
        Checks.size(m, "meta", limits.maxValueBytes());
        RoomRecord r = new RoomRecord(roomId, Times.now(clock), m, 0, 0, settings);
        if (!units.store().createRoom(r)) {
            throw new SyncException(ErrorCode.ROOM_EXISTS, "Room '" + roomId + "' exists already; join it or pick another id.");
        }
        return r.info();
    }

    /** One room. */
    public Optional<RoomInfo> room(String id) {
        if (!Ids.valid(id)) {
            return Optional.empty();
        }
        return units.store().room(id).map(RoomRecord::info);
    }

    /** The rooms in which the caller's token is registered. */
    public List<RoomInfo> withToken(Caller caller) {
        String hash = identity.of(caller).hash();
        if (hash == null) {
            throw new SyncException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "Listing rooms needs a bearer token; it lists the rooms your agent is registered in.");
        }
        List<RoomInfo> out = new ArrayList<>();
        for (RoomRecord r : units.store().roomsWithToken(hash)) {
            out.add(r.info());
        }
        return out;
    }
}
