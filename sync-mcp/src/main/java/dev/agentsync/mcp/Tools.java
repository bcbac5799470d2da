package dev.agentsync.mcp;

import static dev.agentsync.mcp.Schema.any;
import static dev.agentsync.mcp.Schema.array;
import static dev.agentsync.mcp.Schema.bool;
import static dev.agentsync.mcp.Schema.integer;
import static dev.agentsync.mcp.Schema.object;
import static dev.agentsync.mcp.Schema.opt;
import static dev.agentsync.mcp.Schema.req;
import static dev.agentsync.mcp.Schema.string;

import java.util.List;
import java.util.Map;

/**
 * The catalogue: one tool per room operation of the wire contract, with descriptions written for a language
 * model. The rules behind each tool are the protocol layer's; this class only names and describes them.
 */
final class Tools {
    private Tools() {
    }

    /** The longest a {@code wait} call parks, in ms; a model calls it again to keep waiting. */
    static final long WAIT_MAX_MS = 25_000;

    private static final Schema.Prop ROOM = req("room", string("The room id."));
    private static final Map<String, Object> ROOM_OUT = Map.of("id", string("room id"), "created_at", string("ISO-8601"),
            "settings", object("settings with defaults filled in"));
    private static final Map<String, Object> AGENT_OUT = Map.of("id", string("agent id"), "status", string("presence status"),
            "online", bool("heard from within the room's presence_ttl_ms"), "token", string("the agent's bearer token (join only)"));
    private static final Map<String, Object> WRITE_OUT = Map.of("key", string("key"), "scope", string("scope"),
            "version", integer("the entry's new version"), "revision", integer("the room revision after the write"));
    private static final Map<String, Object> MESSAGE_OUT = Map.of("id", integer("message id"), "kind", string("kind"),
            "claimed_by", string("holder, or null"), "fence", integer("grant number"));

    static List<ToolDef> all() {
        return List.of(
                new ToolDef("create_room", "Create a room",
                        "Creates a room where agents coordinate. Use once, before anyone joins; everyone then uses the same"
                                + " room id. Optional settings: presence_ttl_ms, release_claims_on_offline, max_deliveries,"
                                + " claim_lease_ms, event_retention. Example: {\"room\": \"build-42\", \"settings\":"
                                + " {\"presence_ttl_ms\": 30000}}.",
                        "POST", "/rooms",
                        List.of(opt("room", string("Room id; a random UUID when absent.")), opt("meta", object("Any JSON object.")),
                                opt("settings", object("Room settings (see the description)."))),
                        Map.of("room", "id"), null, null, ROOM_OUT, false),
                new ToolDef("join", "Join a room",
                        "Registers you as an agent in a room and returns your token. Call this first: this session then acts"
                                + " as that agent in that room, so later tools need no token. Example: {\"room\": \"build-42\","
                                + " \"agent\": \"planner\", \"role\": \"planner\"}.",
                        "POST", "/rooms/{room}/agents",
                        List.of(ROOM, opt("agent", string("Your agent id; a random UUID when absent.")),
                                opt("name", string("Display name.")), opt("role", string("Role, e.g. worker.")),
                                opt("meta", object("Any JSON object."))),
                        Map.of("agent", "id"), null, null, AGENT_OUT, false),
                new ToolDef("leave", "Leave a room",
                        "Removes you from the room: your token stops working and your claims are released. Use when you are"
                                + " done for good. Example: {\"room\": \"build-42\"}.",
                        "DELETE", "/rooms/{room}/agents/{agent}",
                        List.of(ROOM, opt("agent", string("Agent id; defaults to the one this session joined as."))),
                        Map.of(), "agent", null, Map.of("left", bool("true")), false),
                new ToolDef("heartbeat", "Heartbeat",
                        "Says you are alive, optionally with a status (active, idle, busy, done). Any other tool call counts as"
                                + " a heartbeat too; call this during long work so others do not see you go offline."
                                + " Example: {\"room\": \"build-42\", \"status\": \"busy\"}.",
                        "POST", "/rooms/{room}/agents/{agent}/heartbeat",
                        List.of(ROOM, opt("agent", string("Agent id; defaults to the one this session joined as.")),
                                opt("status", string("active, idle, busy or done."))),
                        Map.of(), "agent", null, AGENT_OUT, false),
                new ToolDef("list_agents", "List agents",
                        "Lists the room's agents with status, online flag and last heartbeat. Use to see who is here and alive."
                                + " Example: {\"room\": \"build-42\"}.",
                        "GET", "/rooms/{room}/agents", List.of(ROOM), Map.of(), null, "agents",
                        Map.of("agents", array("agents in join order", object("agent"))), true),
                new ToolDef("read_state", "Read shared state",
                        "Reads the room's shared state: every entry, one scope, or one key; views (scope _view) come resolved."
                                + " Each entry has a version for compare-and-swap writes. Example: {\"room\": \"build-42\","
                                + " \"key\": \"phase\"}.",
                        "GET", "/rooms/{room}/state?resolve=true",
                        List.of(ROOM, opt("scope", string("Only this scope (e.g. _shared).")), opt("key", string("Only this key."))),
                        Map.of(), null, "entries", Map.of("entries", array("entries", object("entry")),
                                "value", any("the value, when one entry was asked for")), true),
                new ToolDef("write", "Write shared state",
                        "Writes one key. Guard it to coordinate safely: if_version (compare-and-swap; 0 = must not exist),"
                                + " if (a CEL condition over the room that must hold), if_claim ({message_id, fence}: only while"
                                + " you hold that claim). increment adds a number instead of setting a value. Example:"
                                + " {\"room\": \"build-42\", \"key\": \"phase\", \"value\": \"review\", \"if_version\": 3}.",
                        "PUT", "/rooms/{room}/state",
                        List.of(ROOM, req("key", string("Key.")), opt("scope", string("Scope; _shared by default."))
                                , opt("value", any("Any JSON value; required unless increment.")),
                                opt("if_version", integer("Write only if the entry's version is this (0: absent).")),
                                opt("if", string("CEL condition that must hold, e.g. state._shared.turn == 'me'.")),
                                opt("increment", any("Add this number (true or absent value: add 1).")),
                                opt("if_claim", object("{message_id, fence}: write only while holding that claim."))),
                        Map.of(), null, null, WRITE_OUT, false),
                new ToolDef("batch", "Write several keys at once",
                        "Writes several keys all-or-nothing in one revision; if any guard fails nothing is written. Example:"
                                + " {\"room\": \"build-42\", \"writes\": [{\"key\": \"a\", \"value\": 1}, {\"key\": \"b\","
                                + " \"increment\": 1}], \"if\": \"state._shared.open == true\"}.",
                        "PUT", "/rooms/{room}/state/batch",
                        List.of(ROOM, req("writes", array("writes, each {key, scope?, value?, if_version?, increment?, if_claim?}",
                                object("write"))), opt("if", string("CEL condition that must hold for the whole batch."))),
                        Map.of(), null, null, Map.of("ok", bool("true"), "revision", integer("room revision"),
                                "state", array("written entries", object("entry"))), false),
                new ToolDef("delete", "Delete a key",
                        "Deletes one key, optionally only at a given version. Example: {\"room\": \"build-42\", \"key\": \"lock\","
                                + " \"if_version\": 2}.",
                        "DELETE", "/rooms/{room}/state",
                        List.of(ROOM, req("key", string("Key.")), opt("scope", string("Scope; _shared by default.")),
                                opt("if_version", integer("Delete only at this version."))),
                        Map.of(), null, null, Map.of("deleted", bool("whether it existed"), "revision", integer("room revision")), false),
                new ToolDef("post_message", "Post a message",
                        "Posts a message to the room: a task for workers (kind: task), a reply (reply_to), a note to one agent"
                                + " (to). Example: {\"room\": \"build-42\", \"kind\": \"task\", \"body\": {\"file\": \"a.py\"}}.",
                        "POST", "/rooms/{room}/messages",
                        List.of(ROOM, req("body", any("Any JSON value.")), opt("kind", string("Kind, e.g. task, result.")),
                                opt("to", string("Recipient agent id.")), opt("reply_to", integer("Id of the message answered.")),
                                opt("from", string("Sender; defaults to the agent this session joined as."))),
                        Map.of(), "from", null, MESSAGE_OUT, false),
                new ToolDef("list_messages", "List messages",
                        "Lists messages in id order, filtered: to find work, to read a thread (thread: its first message's id),"
                                + " or to page (after: the last id seen). Example: {\"room\": \"build-42\", \"kind\": \"task\","
                                + " \"unclaimed\": true}.",
                        "GET", "/rooms/{room}/messages",
                        List.of(ROOM, opt("after", integer("Only ids greater than this.")), opt("kind", string("Only this kind.")),
                                opt("thread", integer("Only this thread (root message id).")),
                                opt("unclaimed", bool("Only messages claimable now.")), opt("from", string("Only from this agent.")),
                                opt("to", string("Only to this agent.")), opt("limit", integer("At most this many."))),
                        Map.of(), null, "messages", Map.of("messages", array("messages", object("message"))), true),
                new ToolDef("claim", "Claim a message",
                        "Claims a message (a task) so that only you work on it; exactly one claimer wins. With lease_ms the"
                                + " claim ends by itself unless you claim again (renew) in time. The result's fence guards"
                                + " your writes (if_claim) and complete. Example: {\"room\": \"build-42\", \"message_id\": 7,"
                                + " \"lease_ms\": 60000}.",
                        "POST", "/rooms/{room}/messages/{message_id}/claim",
                        List.of(ROOM, req("message_id", integer("Message id.")), opt("lease_ms", integer("Lease in ms.")),
                                opt("agent", string("Claimer; defaults to the agent this session joined as."))),
                        Map.of(), "agent", null, Map.of("claimed", bool("true"), "fence", integer("grant number"),
                                "lease_expires_at", string("ISO-8601 or null")), false),
                new ToolDef("release", "Release a claim",
                        "Gives a claimed message back so another agent can take it. Use when you cannot finish it."
                                + " Example: {\"room\": \"build-42\", \"message_id\": 7}.",
                        "POST", "/rooms/{room}/messages/{message_id}/release",
                        List.of(ROOM, req("message_id", integer("Message id.")),
                                opt("agent", string("Holder; defaults to the agent this session joined as."))),
                        Map.of(), "agent", null, Map.of("released", bool("true"), "dead", bool("out of deliveries")), false),
                new ToolDef("complete", "Complete a claimed message",
                        "Marks the message you hold as done; it is never handed out again. Pass the fence from your claim so"
                                + " a claim that already ran out cannot complete. Example: {\"room\": \"build-42\","
                                + " \"message_id\": 7, \"fence\": 1}.",
                        "POST", "/rooms/{room}/messages/{message_id}/complete",
                        List.of(ROOM, req("message_id", integer("Message id.")), opt("fence", integer("Fence of your claim.")),
                                opt("agent", string("Holder; defaults to the agent this session joined as."))),
                        Map.of(), "agent", null, Map.of("completed", bool("true"), "completed_at", string("ISO-8601")), false),
                new ToolDef("wait", "Wait for a condition",
                        "Blocks until a CEL condition over the room is true (at most 25 s per call; call again while"
                                + " triggered is false). Use instead of polling: your turn, a task to claim, everyone done."
                                + " Example: {\"room\": \"build-42\", \"condition\": \"state._shared.turn == 'planner'\","
                                + " \"include\": \"state\"}.",
                        "GET", "/rooms/{room}/wait",
                        List.of(ROOM, req("condition", string("CEL over state, agents, messages, e.g."
                                        + " messages.by_kind.task.unclaimed > 0.")),
                                opt("timeout_ms", integer("Give up after this many ms (at most 25000, the default).")),
                                opt("include", string("Comma list: state, state.<scope>, agents, messages, messages:after:<id>.")),
                                opt("after_revision", integer("Only a revision after this one can satisfy it.")),
                                opt("agent", string("Shown as waiting; defaults to the agent this session joined as."))),
                        Map.of("timeout_ms", "timeout"), "agent", null, Map.of("triggered", bool("whether the condition held"),
                                "revision", integer("room revision"), "value", any("the condition's value")), true),
                new ToolDef("eval", "Evaluate an expression",
                        "Evaluates a CEL expression over the room now, without waiting. Use to test a condition before"
                                + " waiting on it. Example: {\"room\": \"build-42\", \"expr\": \"messages.unclaimed\"}.",
                        "POST", "/rooms/{room}/eval",
                        List.of(ROOM, req("expr", string("CEL expression."))),
                        Map.of(), null, null, Map.of("value", any("the value"), "revision", integer("room revision")), true));
    }
}
