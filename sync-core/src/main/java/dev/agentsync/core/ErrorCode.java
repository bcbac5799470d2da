package dev.agentsync.core;

/**
 * The stable machine codes of every error agent-sync reports. {@link #code()} is the string a client
 * sees as {@code error} on the wire; it never changes once published.
 */
public enum ErrorCode {
    /** A room with that id exists already. */
    ROOM_EXISTS("room_exists"),
    /** No room with that id. */
    ROOM_NOT_FOUND("room_not_found"),
    /** An id, scope or key outside the allowed length or character set. */
    INVALID_ID("invalid_id"),
    /** Joining an id that already has a token, without presenting it. */
    AGENT_EXISTS("agent_exists"),
    /** No agent with that id in the room. */
    AGENT_NOT_FOUND("agent_not_found"),
    /** A presence status that may not be set by a client. */
    INVALID_STATUS("invalid_status"),
    /** A bearer token that does not belong to any agent of the room. */
    INVALID_TOKEN("invalid_token"),
    /** The server requires a token for every mutation and none was given. */
    AUTHENTICATION_REQUIRED("authentication_required"),
    /** An authenticated agent acting as another agent. */
    IDENTITY_MISMATCH("identity_mismatch"),
    /** A request field missing, of the wrong type or out of range. */
    INVALID_REQUEST("invalid_request"),
    /** A message replies to a message that does not exist in the room. */
    REPLY_TO_NOT_FOUND("reply_to_not_found"),
    /** No message with that id in the room. */
    MESSAGE_NOT_FOUND("message_not_found"),
    /** The message was claimed by another agent first. */
    ALREADY_CLAIMED("already_claimed"),
    ALREADY_COMPLETED("already_completed"),
    MESSAGE_DEAD("message_dead"),
    NOT_HOLDER("not_holder"),
    STALE_FENCE("stale_fence"),
    /** {@code if_version} did not match the current version. */
    VERSION_CONFLICT("version_conflict"),
    /** A CEL write gate did not evaluate to {@code true}. */
    PRECONDITION_FAILED("precondition_failed"),
    /** A CEL expression that does not parse or type-check. */
    INVALID_CEL("invalid_cel"),
    /** An increment of a value that is not a number. */
    NOT_A_NUMBER("not_a_number"),
    /** No entry with that scope and key. */
    KEY_NOT_FOUND("key_not_found"),
    /** A CEL expression that failed while evaluating. */
    CEL_ERROR("cel_error"),
    /** A body, value or expression over its configured size limit. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** The instance is shutting down. */
    UNAVAILABLE("unavailable");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The wire string, for example {@code "version_conflict"}. */
    public String code() {
        return code;
    }
}
