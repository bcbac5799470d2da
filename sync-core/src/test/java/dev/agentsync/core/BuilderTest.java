package dev.agentsync.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentsync.core.spi.RoomRecord;
import dev.agentsync.core.spi.RoomTx;
import dev.agentsync.core.spi.RoomView;
import dev.agentsync.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Bad combinations fail at build() with a message naming them; limits validate themselves. */
class BuilderTest {
    private static final Store NOTHING = new Store() {
        @Override
        public boolean createRoom(RoomRecord room) {
            return false;
        }

        @Override
        public Optional<RoomRecord> room(String id) {
            return Optional.empty();
        }

        @Override
        public List<RoomRecord> roomsWithToken(String tokenHash) {
            return List.of();
        }

        @Override
        public <T> T read(String roomId, Function<? super RoomView, T> work) {
            throw Store.roomNotFound(roomId);
        }

        @Override
        public <T> T write(String roomId, Function<? super RoomTx, T> work) {
            throw Store.roomNotFound(roomId);
        }
    };

    private static void message(Exception e, String part) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void storeIsRequired() {
        message(assertThrows(IllegalStateException.class, () -> Sync.builder().build()), "store is required");
    }

    @Test
    void eachOptionOnce() {
        message(assertThrows(IllegalStateException.class, () -> Sync.builder().store(NOTHING).store(NOTHING)), "store was already set");
        message(assertThrows(IllegalStateException.class, () -> Sync.builder().requireAuth(true).requireAuth(false)), "requireAuth");
    }

    @Test
    void aFakeClockNeedsAFakeScheduler() {
        Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        message(assertThrows(IllegalStateException.class, () -> Sync.builder().store(NOTHING).clock(fixed).build()), "scheduler");
        Sync.builder().store(NOTHING).clock(fixed).scheduler((d, r) -> () -> { }).build().close();
        Sync.builder().store(NOTHING).clock(new ManualTime()).build().close();
    }

    @Test
    void limitsValidate() {
        message(assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxBatch(0)), "maxBatch");
        message(assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxWait(Duration.ofMinutes(6))), "maxWait");
        assertTrue(Limits.defaults().withMaxWait(Duration.ofSeconds(5)).defaultWait().toMillis() == 5000, "the default wait is capped to the maximum");
    }
}
