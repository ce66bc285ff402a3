/**
 * The world every bench section runs in: the Microsoft 365 emulator in a process of its own (a fixed seed),
 * a migrated database (a fresh in-memory PGlite, or DATABASE_URL: use a database of its own, it is
 * filled), and the product's real services with a real clock. Instructors are connected through the
 * real Connect flow (invitation, sign-in, code redemption); their tenant has admin consent, so no
 * consent page is clicked through.
 */
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { OpenedDb } from "@/db/open";
import { createMailboxLimiter } from "@/lib/graph/create-mailbox-limiter";
import { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import type { GraphRequestRecord } from "@/lib/graph/request-counter";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";

export const BENCH_SEED = 20261128;

export type World = Harness & {
  tenantId: string;
  domain: string;
  /**
   * Every HTTP request the product's Graph clients sent since the last `requests.length = 0` (each
   * retry and each 429 too; a `$batch` is one, with its `batchSize`). Counted on the client side:
   * the emulator's own request log keeps only its last 5,000 entries.
   */
  requests: GraphRequestRecord[];
  /** A bench-only command of the emulator process (emulator-process.ts): `graph-latency`, `mint-tokens`. */
  emulatorCommand: <T = unknown>(command: string, payload: Record<string, unknown>) => Promise<T>;
};

export async function createWorld(
  profile: "clean" | "realistic",
  label: string,
  options: {
    /** A database opened by the caller (the harness neither migrates it again nor closes it). */
    database?: OpenedDb;
    /** With PostgreSQL: the app's production limiter (advisory locks, its own pool), as createContext builds it. */
    databaseUrl?: string;
  } = {},
): Promise<World> {
  const emulator = await emulatorProcess(profile);
  const h = await createMicrosoftHarness({ emulator, ...(options.database && { database: options.database }) });
  // The harness's clock moves a millisecond per reading (for test ordering); timings need the real one.
  h.ctx.now = () => new Date();
  if (options.databaseUrl)
    h.ctx.graph = new MicrosoftGraph({
      graphUrl: emulator.url,
      identity: h.ctx.microsoft!,
      limiter: createMailboxLimiter({ databaseUrl: options.databaseUrl }),
    });
  const domain = `${label}.bench.example`;
  const { id: tenantId } = await h.control<{ id: string }>("POST", "/tenants", {
    displayName: `Bench ${label}`,
    domain,
  });
  await h.control("POST", `/tenants/${tenantId}/consent`, {});
  const requests: GraphRequestRecord[] = [];
  const graph = h.ctx.graph!;
  const forConnection = graph.forConnection.bind(graph);
  graph.forConnection = (connection, options = {}) =>
    forConnection(connection, {
      ...options,
      onRequest: (request) => {
        requests.push(request);
        options.onRequest?.(request);
      },
    });
  const close = h.close;
  return Object.assign(h, {
    tenantId,
    domain,
    requests,
    emulatorCommand: emulator.command,
    close: async () => {
      await graph.close();
      await close();
    },
  });
}

/** The emulator in a child process (emulator-process.ts), with the fixed seed. */
async function emulatorProcess(profile: "clean" | "realistic") {
  const child = fork(fileURLToPath(new URL("./emulator-process.ts", import.meta.url)), {
    env: { ...process.env, BENCH_EMULATOR_PROFILE: profile, BENCH_EMULATOR_SEED: String(BENCH_SEED) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const urls = await new Promise<{ url: string; httpUrl: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { url: string; httpUrl: string }));
    child.once("exit", (code) => reject(new Error(`the emulator process exited (${code})`)));
  });
  child.unref();
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (m: { id?: number; result?: unknown; error?: string }) => {
    const call = m.id === undefined ? undefined : waiting.get(m.id);
    if (!call) return;
    waiting.delete(m.id!);
    if (m.error !== undefined) call.reject(new Error(`emulator: ${m.error}`));
    else call.resolve(m.result);
  });
  return {
    ...urls,
    command: <T>(command: string, payload: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command, ...payload });
      }),
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await exited;
    },
  };
}

export type Connected = { instructorId: string; userId: string };

/**
 * A control-API call for setting up (never measured), tried again when the connection was reset:
 * under load a kept-alive socket can be closed by the emulator just as a request goes out.
 */
export async function setUp<T = Record<string, unknown>>(world: World, method: string, route: string, body?: unknown) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await world.control<T>(method, route, body);
    } catch (error) {
      if (attempt >= 4 || !(error instanceof TypeError)) throw error; // fetch's network failure
    }
  }
}

/** Connects `count` instructors, `concurrency` at a time, printing progress on long runs. */
export async function connectMany(
  world: World,
  count: number,
  options: { privacyMode?: "default" | "full_private"; concurrency?: number } = {},
): Promise<Connected[]> {
  const out: Connected[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const { instructor, emulatorUserId } = await connectInstructor(world, {
        tenantId: world.tenantId,
        domain: world.domain,
        privacyMode: options.privacyMode ?? "default",
      });
      out.push({ instructorId: instructor.id, userId: emulatorUserId });
      if (count >= 500 && out.length % 500 === 0) progress(`connected ${out.length}/${count}`, started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return out;
}

/** Runs `fn` over `items`, `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export function progress(message: string, since?: number) {
  const elapsed = since === undefined ? "" : ` (${((performance.now() - since) / 1000).toFixed(1)} s)`;
  process.stderr.write(`  · ${message}${elapsed}\n`);
}

export type LogEntry = {
  id: string;
  time: string;
  method: string;
  path: string;
  query?: string;
  status: number;
  userId?: string;
  body?: unknown;
  durationMs: number;
  /** Arrival and answer in the emulator: epoch milliseconds, sub-millisecond precision. */
  startedAtMs: number;
  finishedAtMs: number;
};

/** Graph requests in the emulator's log (each `$batch` sub-request is an entry of its own), optionally one mailbox's. */
export async function graphLog(world: World, userId?: string): Promise<LogEntry[]> {
  const query = new URLSearchParams({ path: "/v1.0/", ...(userId && { userId }) });
  return (await world.control<{ value: LogEntry[] }>("GET", `/requests?${query}`)).value;
}

export const clearLog = (world: World) => world.control("DELETE", "/requests");

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? NaN;
}

export const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(n < 10 ? 2 : 0)} ms`);
export const fixed = (n: number, digits = 2) => n.toFixed(digits);
