// Drives agent-sync's MCP server with the official TypeScript SDK client, as an independent implementation.
// usage: node interop.mjs http <base-url>   |   node interop.mjs stdio <java> <classpath>
// Prints one line per check; exits 1 on the first failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [mode, ...rest] = process.argv.slice(2);

function check(ok, what) {
  if (!ok) {
    console.log(`FAIL ${what}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

async function connect() {
  const client = new Client({ name: "interop", version: "1.0.0" });
  if (mode === "http") {
    await client.connect(new StreamableHTTPClientTransport(new URL(rest[0] + "/mcp")));
  } else {
    await client.connect(new StdioClientTransport({
      command: rest[0], args: ["-Xmx256m", "-cp", rest[1], "dev.agentsync.http.Main", "mcp-stdio", "--store", "memory"],
      stderr: "inherit" }));
  }
  return client;
}

const call = (c, name, args) => c.callTool({ name, arguments: args });
const text = (r) => r.content[0].text;

const room = "interop-" + Math.random().toString(16).slice(2, 10);
const a = await connect();
const tools = (await a.listTools()).tools.map((t) => t.name);
check(["join", "write", "read_state", "claim", "wait"].every((t) => tools.includes(t)), "tools listed: " + tools.length);
check(!(await call(a, "create_room", { room })).isError, "create_room");
check((await call(a, "join", { room, agent: "a" })).structuredContent.id === "a", "a joins");
const w = await call(a, "write", { room, key: "k", value: 1 });
check(!w.isError && w.structuredContent.version === 1, "a writes k=1");

// the second agent: another session over HTTP; over stdio the same session (its own process and store) acting as b
const b = mode === "http" ? await connect() : a;
if (mode === "http") {
  check((await call(b, "join", { room, agent: "b" })).structuredContent.id === "b", "b joins");
}
const read = await call(b, "read_state", { room, scope: "_shared", key: "k" });
check(read.structuredContent.value === 1, "b reads k back");
const conflict = await call(b, "write", { room, key: "k", value: 2, if_version: 0 });
check(conflict.isError && text(conflict).startsWith("version_conflict:"), "version conflict: " + text(conflict));

if (mode === "http") {
  for (let i = 0; i < 5; i++) {
    const id = (await call(a, "post_message", { room, kind: "task", body: i })).structuredContent.id;
    const [ra, rb] = await Promise.all([call(a, "claim", { room, message_id: id }), call(b, "claim", { room, message_id: id })]);
    check(Boolean(ra.isError) !== Boolean(rb.isError), `exactly one claim wins task ${id}`);
  }
  const parked = call(b, "wait", { room, condition: "has(state._shared.go) && state._shared.go == true" });
  // the waiter is parked once agents shows b waiting
  for (let i = 0; i < 600; i++) {
    const agents = (await call(a, "list_agents", { room })).structuredContent.agents;
    if (agents.some((x) => x.id === "b" && x.status === "waiting")) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  check(!(await call(a, "write", { room, key: "go", value: true })).isError, "a makes the condition true");
  const woke = await parked;
  check(!woke.isError && woke.structuredContent.triggered === true, "b's wait wakes");
} else {
  const id = (await call(a, "post_message", { room, kind: "task", body: 1 })).structuredContent.id;
  const claim = await call(a, "claim", { room, message_id: id });
  check(!claim.isError && claim.structuredContent.fence === 1, "a claims (fence 1)");
  const woke = await call(a, "wait", { room, condition: "messages.by_kind.task.claimed == 1" });
  check(woke.structuredContent.triggered === true, "wait on a true condition");
  check(!(await call(a, "complete", { room, message_id: id, fence: 1 })).isError, "a completes");
  const again = await call(a, "claim", { room, message_id: id });
  check(again.isError && text(again).startsWith("already_completed:"), "a completed task is never claimed again");
}
await a.close();
if (b !== a) await b.close();
console.log("done");
process.exit(0);
