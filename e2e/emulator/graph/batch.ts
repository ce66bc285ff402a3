/**
 * JSON batching (graph-behaviour.md §7): parse/validate `{requests:[…]}` (≤ 20, ids unique
 * case-insensitively, known dependsOn targets, Content-Type header with a body, no cycles -> else
 * the whole batch is 400) and execute through an injected `dispatch`, so the HTTP layer only routes a
 * sub-request like a normal request. Dependents of a failed request get 424. Outlook runs up to 4
 * sub-requests in parallel (§7), hence the default concurrency; each dispatch is throttled on its own.
 */
import { badODataRequest, failedDependency } from "./errors";

export const MAX_BATCH_REQUESTS = 20;

export type BatchSubRequest = {
  id: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Relative to the version root, e.g. "/me/events". */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
};

export type BatchSubResponse = { id: string; status: number; headers: Record<string, string>; body?: unknown };
export type Dispatch = (req: BatchSubRequest) => Promise<Omit<BatchSubResponse, "id">>;

const bad = (msg: string) => badODataRequest(`Invalid batch payload: ${msg}`); // [UNV exact messages]
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

export function parseBatch(payload: unknown): BatchSubRequest[] {
  const requests = (payload as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw bad("'requests' must be a non-empty array.");
  if (requests.length > MAX_BATCH_REQUESTS) throw bad(`a batch holds at most ${MAX_BATCH_REQUESTS} requests.`);
  const parsed = requests.map((r: unknown): BatchSubRequest => {
    if (typeof r !== "object" || r === null) throw bad("each request must be an object.");
    const o = r as Record<string, unknown>;
    if (typeof o.id !== "string" || !o.id) throw bad("each request needs an 'id'.");
    const method = METHODS.find((m) => m === String(o.method ?? "").toUpperCase());
    if (!method) throw bad(`request '${o.id}' has an unsupported method.`);
    if (typeof o.url !== "string" || /^[a-z]+:\/\//i.test(o.url))
      throw bad(`request '${o.id}' needs a relative 'url'.`);
    const headers =
      typeof o.headers === "object" && o.headers !== null
        ? Object.fromEntries(Object.entries(o.headers).map(([k, v]) => [k, String(v)]))
        : {};
    if (o.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
      throw bad(`request '${o.id}' has a body but no Content-Type header.`);
    }
    const dependsOn = Array.isArray(o.dependsOn) ? o.dependsOn.map(String) : [];
    return { id: o.id, method, url: o.url.startsWith("/") ? o.url : `/${o.url}`, headers, body: o.body, dependsOn };
  });
  const ids = new Map(parsed.map((r) => [r.id.toLowerCase(), r]));
  if (ids.size !== parsed.length) throw bad("request ids must be unique.");
  for (const r of parsed) {
    for (const d of r.dependsOn)
      if (!ids.has(d.toLowerCase()) || d.toLowerCase() === r.id.toLowerCase())
        throw bad(`request '${r.id}' depends on unknown id '${d}'.`);
  }
  // Cycle check: depth-first over dependsOn.
  const state = new Map<string, "visiting" | "done">();
  const visit = (r: BatchSubRequest): void => {
    const key = r.id.toLowerCase();
    if (state.get(key) === "done") return;
    if (state.get(key) === "visiting") throw bad("dependsOn contains a cycle.");
    state.set(key, "visiting");
    for (const d of r.dependsOn) visit(ids.get(d.toLowerCase()) as BatchSubRequest);
    state.set(key, "done");
  };
  parsed.forEach(visit);
  return parsed;
}

/** Runs the batch; responses come back in request order (clients must correlate by id anyway, §7). */
export async function executeBatch(
  requests: readonly BatchSubRequest[],
  dispatch: Dispatch,
  opts: { concurrency?: number } = {},
): Promise<{ responses: BatchSubResponse[] }> {
  const limit = Math.max(1, opts.concurrency ?? 4);
  const pending = new Map<string, Promise<BatchSubResponse>>();
  let running = 0;
  const waiters: (() => void)[] = [];
  const slot = async () => {
    while (running >= limit) await new Promise<void>((resolve) => waiters.push(resolve));
    running++;
  };
  const free = () => {
    running--;
    waiters.shift()?.();
  };
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));

  const run = (r: BatchSubRequest): Promise<BatchSubResponse> => {
    const key = r.id.toLowerCase();
    const existing = pending.get(key);
    if (existing) return existing;
    const p = (async () => {
      const deps = await Promise.all(r.dependsOn.map((d) => run(byId.get(d.toLowerCase()) as BatchSubRequest)));
      if (deps.some((d) => d.status < 200 || d.status >= 300)) {
        const e = failedDependency();
        return {
          id: r.id,
          status: 424,
          headers: { "Content-Type": "application/json" },
          body: { error: { code: e.code, message: e.message } },
        };
      }
      await slot();
      try {
        return { id: r.id, ...(await dispatch(r)) };
      } catch (err) {
        // A crashing sub-request must not sink its siblings: report it as that request's 500.
        const message = err instanceof Error ? err.message : String(err);
        return {
          id: r.id,
          status: 500,
          headers: { "Content-Type": "application/json" },
          body: { error: { code: "generalException", message } },
        };
      } finally {
        free();
      }
    })();
    pending.set(key, p);
    return p;
  };
  // Start everything at once; dependsOn chains and the slot limit order the actual dispatches.
  return { responses: await Promise.all(requests.map(run)) };
}
