package dev.agentsync.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an MCP session remembers: the agent it joined each room as, and that agent's token, so later calls act as
 * that agent without repeating it. Held in memory only, for a day after the session's last call.
 */
final class Sessions {
    /** The agent a session acts as in one room. */
    record Member(String agent, String token) {
    }

    private final Cache<String, Map<String, Member>> bySession =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(1)).maximumSize(100_000).build();

    void joined(String session, String room, String agent, String token) {
        bySession.get(session, s -> new ConcurrentHashMap<>()).put(room, new Member(agent, token));
    }

    void left(String session, String room, String agent) {
        Map<String, Member> rooms = bySession.getIfPresent(session);
        if (rooms != null) {
            rooms.computeIfPresent(room, (r, m) -> m.agent().equals(agent) ? null : m);
        }
    }

    Optional<Member> member(String session, String room) {
        Map<String, Member> rooms = bySession.getIfPresent(session);
        return rooms == null ? Optional.empty() : Optional.ofNullable(rooms.get(room));
    }

    void closed(String session) {
        bySession.invalidate(session);
    }
}
