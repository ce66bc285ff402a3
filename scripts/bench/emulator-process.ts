/**
 * The bench's Microsoft 365 emulator, in a process of its own (forked by fixture.ts): Graph is
 * another machine for the product, so the emulator's own work (expanding a year of recurrences,
 * computing delta rounds) must not be timed as the product's, nor share its event loop. Sends
 * its URLs to the parent over IPC and exits when the parent goes.
 *
 * Two bench-only commands over IPC (`{ id, command, ... }` → `{ id, result | error }`), for what the
 * control API has no route for:
 * - `graph-latency` `{ minMs, maxMs }`: every Graph request (each `$batch` sub-request, not the
 *   envelope) waits a uniformly drawn 100–300 ms (seeded) before it is served, as Graph's own latency
 *   would make it; `{ minMs: 0, maxMs: 0 }` turns it off. It is a delay-only fault of the emulator's
 *   own fault injection, so it counts as time in flight for the mailbox throttle like a real slow answer.
 * - `mint-tokens` `{ userId, scope }`: the token endpoint's answer for that user (who must exist, with the
 *   app consented in their tenant) to a code redemption asking for `scope`, exactly as
 *   `grant_type=authorization_code` would mint it, without the sign-in pages: the bench connects
 *   10,000 instructors this way in seconds (the Connect flow is measured by its own tests).
 */
import { createMs365Emulator, EMULATOR_CLIENT_ID } from "@/e2e/emulator";
import { findApp } from "@/e2e/emulator/identity/apps";
import { issueDelegatedTokens } from "@/e2e/emulator/identity/issue-tokens";
import { parseScopes } from "@/e2e/emulator/identity/scopes";
import type { Fault } from "@/e2e/emulator/state";

const profile = process.env.BENCH_EMULATOR_PROFILE === "realistic" ? "realistic" : "clean";
const seed = Number(process.env.BENCH_EMULATOR_SEED);
const emulator = await createMs365Emulator({ port: 0, seed: false, profile: { profile, seed } });

/** Graph paths but not the `$batch` envelope: its sub-requests are delayed each, as they are served. */
const GRAPH_PATHS = "/^\\/v1\\.0\\/(?!\\$batch)/";
const LATENCY_FAULT_ID = "bench-graph-latency";

/** mulberry32: a small seeded generator, so a run's latencies are the same sequence every time. */
function random(s: number) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function setGraphLatency({ minMs, maxMs }: { minMs: number; maxMs: number }) {
  const state = emulator.state;
  state.faults = state.faults.filter((f) => f.id !== LATENCY_FAULT_ID);
  if (maxMs <= 0) return { minMs: 0, maxMs: 0 };
  const draw = random(seed);
  const fault: Fault = {
    id: LATENCY_FAULT_ID,
    pathPattern: GRAPH_PATHS,
    status: 200, // below 400: delay only, then the request is served
    remaining: Number.MAX_SAFE_INTEGER,
  };
  // The dispatcher reads `latencyMs` of the matched fault; a getter draws a new one per request.
  Object.defineProperty(fault, "latencyMs", {
    enumerable: true,
    get: () => Math.round(minMs + draw() * (maxMs - minMs)),
  });
  state.faults.push(fault);
  return { minMs, maxMs };
}

function mintTokens({ userId, scope }: { userId: string; scope: string }) {
  const user = emulator.state.users.get(userId);
  const app = findApp(emulator.state, EMULATOR_CLIENT_ID);
  if (!user || !app) throw new Error(`no user ${userId} or no app`);
  const parsed = parseScopes(scope, app, [emulator.url]);
  if (!parsed.ok) throw new Error(parsed.description);
  return issueDelegatedTokens(emulator.ctx, {
    user,
    app,
    requested: parsed.requested,
    permissions: parsed.permissions,
    issuerOrigin: emulator.url,
    clientInfo: true,
  });
}

type Command = { id: number; command: "graph-latency" | "mint-tokens"; [key: string]: unknown };

process.on("message", (message: Command) => {
  try {
    const result =
      message.command === "graph-latency"
        ? setGraphLatency(message as unknown as { minMs: number; maxMs: number })
        : mintTokens(message as unknown as { userId: string; scope: string });
    process.send!({ id: message.id, result });
  } catch (error) {
    process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.send!({ url: emulator.url, httpUrl: emulator.httpUrl });
process.on("disconnect", () => void emulator.close().finally(() => process.exit(0)));
