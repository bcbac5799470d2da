package dev.agentsync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentsync.core.AlreadyClaimedException;
import dev.agentsync.core.AlreadyCompletedException;
import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.IdentityMismatchException;
import dev.agentsync.core.InvalidCelException;
import dev.agentsync.core.MessageDeadException;
import dev.agentsync.core.NotANumberException;
import dev.agentsync.core.NotHolderException;
import dev.agentsync.core.PreconditionFailedException;
import dev.agentsync.core.StaleFenceException;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.VersionConflictException;

/** The contract's error bodies, once: each error code's HTTP status and its details ({@code {error, message, ...}}). */
public final class WireErrors {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private WireErrors() {
    }

    /** The HTTP status of an error code. */
    public static int status(ErrorCode code) {
        switch (code) {
            case ROOM_NOT_FOUND:
            case AGENT_NOT_FOUND:
            case MESSAGE_NOT_FOUND:
            case KEY_NOT_FOUND:
                return 404;
            case ROOM_EXISTS:
            case AGENT_EXISTS:
            case ALREADY_CLAIMED:
            case ALREADY_COMPLETED:
            case MESSAGE_DEAD:
            case NOT_HOLDER:
            case STALE_FENCE:
            case VERSION_CONFLICT:
            case PRECONDITION_FAILED:
            case NOT_A_NUMBER:
                return 409;
            case INVALID_TOKEN:
            case AUTHENTICATION_REQUIRED:
                return 401;
            case IDENTITY_MISMATCH:
                return 403;
            case PAYLOAD_TOO_LARGE:
                return 413;
            case UNAVAILABLE:
                return 503;
            default:
                return 400;
        }
    }

    /** The contract's error body: {@code {error, message, ...details}}. */
    public static ObjectNode error(SyncException e) {
        ObjectNode o = error(e.code().code(), e.getMessage());
        if (e instanceof VersionConflictException) {
            VersionConflictException v = (VersionConflictException) e;
            o.put("expected_version", v.expectedVersion());
            o.set("current", v.current().<JsonNode>map(WireJson::entry).orElse(N.nullNode()));
            v.index().ifPresent(i -> o.put("index", i));
        } else if (e instanceof PreconditionFailedException) {
            PreconditionFailedException p = (PreconditionFailedException) e;
            o.put("expression", p.expression());
            o.set("evaluated", p.evaluated().orElse(N.nullNode()));
            p.detail().ifPresent(d -> o.put("detail", d));
        } else if (e instanceof InvalidCelException) {
            InvalidCelException c = (InvalidCelException) e;
            o.put("expression", c.expression());
            o.put("detail", c.detail());
            o.put("line", c.line());
            o.put("column", c.column());
        } else if (e instanceof CelErrorException) {
            CelErrorException c = (CelErrorException) e;
            o.put("expression", c.expression());
            o.put("detail", c.detail());
        } else if (e instanceof AlreadyClaimedException) {
            AlreadyClaimedException a = (AlreadyClaimedException) e;
            o.put("claimed", false);
            o.put("claimed_by", a.claimedBy());
            o.set("claimed_at", WireJson.time(a.claimedAt()));
            o.put("message_id", a.messageId());
        } else if (e instanceof IdentityMismatchException) {
            IdentityMismatchException i = (IdentityMismatchException) e;
            o.put("authenticated_as", i.authenticatedAs());
            o.put("claimed", i.claimed());
        } else if (e instanceof NotHolderException) {
            NotHolderException n = (NotHolderException) e;
            o.set("claimed_by", WireJson.text(n.claimedBy().orElse(null)));
            o.put("message_id", n.messageId());
        } else if (e instanceof StaleFenceException) {
            StaleFenceException f = (StaleFenceException) e;
            o.put("current_fence", f.currentFence());
            o.set("claimed_by", WireJson.text(f.claimedBy().orElse(null)));
            o.put("message_id", f.messageId());
            f.index().ifPresent(i -> o.put("index", i));
        } else if (e instanceof MessageDeadException) {
            o.put("message_id", ((MessageDeadException) e).messageId());
        } else if (e instanceof AlreadyCompletedException) {
            AlreadyCompletedException c = (AlreadyCompletedException) e;
            o.put("message_id", c.messageId());
            o.put("claimed_by", c.completedBy());
            o.set("completed_at", WireJson.time(c.completedAt()));
        } else if (e instanceof NotANumberException) {
            o.set("current", WireJson.entry(((NotANumberException) e).current()));
        }
        return o;
    }

    /** {@code {error, message}}. */
    public static ObjectNode error(String code, String message) {
        ObjectNode o = N.objectNode();
        o.put("error", code);
        o.put("message", message);
        return o;
    }
}
