package dev.agentsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message to post.
 *
 * @param from    the sender; with a token it must be the token's agent
 * @param to      the addressee, or {@code null}
 * @param kind    free text, {@code message} when {@code null}
 * @param body    any JSON value
 * @param replyTo a message of the room this replies to, or {@code null}
 */
public record NewMessage(@Nullable String from, @Nullable String to, @Nullable String kind, JsonNode body,
                         @Nullable Long replyTo) {
    /** Validates the fields. */
    public NewMessage {
        Objects.requireNonNull(body, "body");
    }

    /** A message of {@code kind} from {@code from} with a text body. */
    public static NewMessage of(@Nullable String from, String kind, String body) {
        return new NewMessage(from, null, kind, JsonNodeFactory.instance.textNode(body), null);
    }

    /** A message of {@code kind} from {@code from} with a JSON body. */
    public static NewMessage of(@Nullable String from, String kind, JsonNode body) {
        return new NewMessage(from, null, kind, body, null);
    }

    /** The same message as a reply in {@code parent}'s thread. */
    public NewMessage replyTo(long parent) {
        return new NewMessage(from, to, kind, body, parent);
    }

    /** The same message addressed to {@code agent}. */
    public NewMessage to(String agent) {
        return new NewMessage(from, agent, kind, body, replyTo);
    }
}
