/**
 * The behavioural suite: the same checks against any target. Each says what the emulator's `realistic`
 * profile assumes (`expected`, e2e/emulator/graph/README.md) and what this target did; `match` when they
 * agree, `differs` when not (the emulator's assumption, or the product's reliance on it, is wrong for this
 * tenant), `inconclusive` when the target gave nothing to judge (no 429 provoked), `skipped` when not run.
 * Every event made is deleted (twice: out of Deleted Items too) before the check returns.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { errorCode, IMMUTABLE, type GraphAnswer, type GraphSession } from "./graph-session";

export type Verdict = "match" | "differs" | "inconclusive" | "skipped";
export type CheckResult = { behaviour: string; expected: string; observed: string; verdict: Verdict };
export type SuiteOptions = { publicUrl: string | null; listenPort: number; deltaWaitMs: number; notifyWaitMs: number };

const DAY = 86_400_000;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function eventBody(subject: string, extra: Record<string, unknown> = {}) {
  const start = Math.floor(Date.now() / DAY) * DAY + 3 * DAY + 9 * 3_600_000;
  return {
    subject: `Conformance: ${subject}`,
    start: { dateTime: local(start), timeZone: "UTC" },
    end: { dateTime: local(start + 3_600_000), timeZone: "UTC" },
    showAs: "free",
    ...extra,
  };
}

const windowQuery = () =>
  `startDateTime=${new Date(Date.now() - DAY).toISOString()}&endDateTime=${new Date(Date.now() + 10 * DAY).toISOString()}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Cleanup {
  private readonly ids = new Set<string>();
  add(answer: GraphAnswer): string {
    const id = String(answer.body.id ?? "");
    if (id) this.ids.add(id);
    return id;
  }
  async run(g: GraphSession) {
    for (const id of this.ids) {
      // Out of the calendar, then out of Deleted Items; 404 once gone.
      for (let i = 0; i < 2; i++) if ((await g.call("DELETE", `/me/events/${id}`)).status === 404) break;
    }
  }
}

const result = (behaviour: string, expected: string, observed: string, ok: boolean | null): CheckResult => ({
  behaviour,
  expected,
  observed,
  verdict: ok === null ? "inconclusive" : ok ? "match" : "differs",
});

async function inCalendarView(g: GraphSession, id: string): Promise<boolean> {
  let page = await g.call("GET", `/me/calendarView?${windowQuery()}&$top=200&$select=id`, { prefer: [IMMUTABLE] });
  for (;;) {
    if ((page.body.value as { id: string }[] | undefined)?.some((e) => e.id === id)) return true;
    const next = page.body["@odata.nextLink"] as string | undefined;
    if (!next) return false;
    page = await g.call("GET", next, { prefer: [IMMUTABLE] });
  }
}

async function createPatchDelete(g: GraphSession): Promise<CheckResult> {
  const made = await g.call("POST", "/me/events", { body: eventBody("create"), prefer: [IMMUTABLE] });
  const id = String(made.body.id ?? "");
  const patched = await g.call("PATCH", `/me/events/${id}`, { body: { subject: "Conformance: patched" } });
  const changed = patched.body.changeKey !== made.body.changeKey;
  const deleted = await g.call("DELETE", `/me/events/${id}`);
  await g.call("DELETE", `/me/events/${id}`); // purge from Deleted Items
  const observed = `POST ${made.status}, PATCH ${patched.status}${changed ? " (new changeKey)" : ""}, DELETE ${deleted.status}`;
  return result(
    "create / patch / delete",
    "POST 201, PATCH 200 (new changeKey), DELETE 204",
    observed,
    observed === "POST 201, PATCH 200 (new changeKey), DELETE 204",
  );
}

async function deletedItems(g: GraphSession): Promise<CheckResult> {
  const made = await g.call("POST", "/me/events", { body: eventBody("deleted items"), prefer: [IMMUTABLE] });
  const id = String(made.body.id ?? "");
  await g.call("DELETE", `/me/events/${id}`);
  const read = await g.call("GET", `/me/events/${id}?$select=id,subject`, { prefer: [IMMUTABLE] });
  const patch = await g.call("PATCH", `/me/events/${id}`, { body: { subject: "Conformance: after delete" } });
  const viaCalendar = await g.call("GET", `/me/calendar/events/${id}?$select=id`, { prefer: [IMMUTABLE] });
  const inView = await inCalendarView(g, id);
  await g.call("DELETE", `/me/events/${id}`);
  const observed = `GET by id ${read.status}, PATCH ${patch.status}, /calendar/events ${viaCalendar.status}, ${inView ? "in" : "not in"} calendarView`;
  const expected = "GET by id 200, PATCH 200, /calendar/events 404, not in calendarView";
  return result("Deleted Items keeps the immutable id", expected, observed, observed === expected);
}

async function transactionIds(g: GraphSession, cleanup: Cleanup): Promise<CheckResult> {
  const tx = `conformance-${crypto.randomUUID()}`;
  const first = await g.call("POST", "/me/events", {
    body: eventBody("tx", { transactionId: tx }),
    prefer: [IMMUTABLE],
  });
  const id = cleanup.add(first);
  const replay = await g.call("POST", "/me/events", {
    body: eventBody("tx", { transactionId: tx }),
    prefer: [IMMUTABLE],
  });
  cleanup.add(replay);
  await g.call("DELETE", `/me/events/${id}`);
  const after = await g.call("POST", "/me/events", {
    body: eventBody("tx again", { transactionId: tx }),
    prefer: [IMMUTABLE],
  });
  cleanup.add(after);
  const replayed = replay.body.id === id;
  const survives = after.body.id === id;
  const observed = `replay ${replayed ? "returns the first event" : "makes another"}; after a delete ${survives ? "returns the deleted event" : "makes a new one"}`;
  return result(
    "transactionId window survives a delete",
    "replay returns the first event; after a delete returns the deleted event",
    observed,
    replayed && survives,
  );
}

async function zones(g: GraphSession, cleanup: Cleanup): Promise<CheckResult> {
  const statusFor = async (zone: string) => {
    const start = eventBody("zone").start.dateTime;
    const end = eventBody("zone").end.dateTime;
    const answer = await g.call("POST", "/me/events", {
      body: eventBody(`zone ${zone}`, {
        start: { dateTime: start, timeZone: zone },
        end: { dateTime: end, timeZone: zone },
      }),
    });
    cleanup.add(answer);
    return answer.status === 201 ? "201" : `${answer.status} ${errorCode(answer)}`;
  };
  const windows = await statusFor("W. Europe Standard Time");
  const documented = await statusFor("Europe/London");
  const other = await statusFor("Europe/Guernsey");
  const observed = `Windows ${windows}, documented IANA ${documented}, other IANA ${other}`;
  const expected = "Windows 201, documented IANA 201, other IANA 400 TimeZoneNotSupportedException";
  return result("zones: Windows + documented list only", expected, observed, observed === expected);
}

async function batchImmutableIds(g: GraphSession, cleanup: Cleanup): Promise<CheckResult> {
  const created = async (sub: boolean, outer: boolean) => {
    const answer = await g.call("POST", "/$batch", {
      prefer: outer ? [IMMUTABLE] : [],
      body: {
        requests: [
          {
            id: "1",
            method: "POST",
            url: "/me/events",
            headers: { "Content-Type": "application/json", ...(sub ? { Prefer: IMMUTABLE } : {}) },
            body: eventBody("batch"),
          },
        ],
      },
    });
    const sub1 = (answer.body.responses as { body?: { id?: string } }[] | undefined)?.[0]?.body;
    const id = String(sub1?.id ?? "");
    cleanup.add({ ...answer, body: { id } });
    // The immutable form of the same item: does the batch's id equal it?
    const immutable = await g.call("GET", `/me/events/${id}?$select=id`, { prefer: [IMMUTABLE] });
    return immutable.status === 200 && immutable.body.id === id;
  };
  const subHonoured = await created(true, false);
  const outerHonoured = await created(false, true);
  const policy = subHonoured
    ? outerHonoured
      ? "subRequest and outer"
      : "subRequest"
    : outerHonoured
      ? "outer"
      : "ignored";
  return result("immutable ids inside $batch", "subRequest (each sub-request's Prefer)", policy, subHonoured);
}

async function deltaAfterChanges(g: GraphSession, opts: SuiteOptions): Promise<CheckResult> {
  const round = async (link: string) => {
    const items: Record<string, unknown>[] = [];
    let page = await g.call("GET", link, { prefer: [IMMUTABLE, "odata.maxpagesize=100"] });
    for (let pages = 0; pages < 50; pages++) {
      items.push(...((page.body.value as Record<string, unknown>[] | undefined) ?? []));
      const next = page.body["@odata.nextLink"] as string | undefined;
      if (!next) return { items, deltaLink: String(page.body["@odata.deltaLink"] ?? ""), status: page.status };
      page = await g.call("GET", next, { prefer: [IMMUTABLE, "odata.maxpagesize=100"] });
    }
    return { items, deltaLink: "", status: page.status };
  };
  let { deltaLink } = await round(`/me/calendarView/delta?${windowQuery()}`);
  const made = await g.call("POST", "/me/events", { body: eventBody("delta"), prefer: [IMMUTABLE] });
  const id = String(made.body.id ?? "");
  const until = async (match: (items: Record<string, unknown>[]) => boolean) => {
    const started = Date.now();
    while (Date.now() - started < opts.deltaWaitMs) {
      const next = await round(deltaLink);
      if (next.deltaLink) deltaLink = next.deltaLink;
      if (match(next.items)) return Date.now() - started;
      await sleep(1_000);
    }
    return null;
  };
  const createdAfter = await until((items) => items.some((i) => i.id === id && !i["@removed"]));
  await g.call("DELETE", `/me/events/${id}`);
  const removedAfter = await until((items) =>
    items.some((i) => i.id === id && (i["@removed"] as { reason?: string } | undefined)?.reason === "deleted"),
  );
  await g.call("DELETE", `/me/events/${id}`);
  const seconds = (ms: number | null) =>
    ms === null ? `not within ${opts.deltaWaitMs / 1000} s` : `after ${(ms / 1000).toFixed(0)} s`;
  const observed = `created ${seconds(createdAfter)}; deleted as @removed ${seconds(removedAfter)}`;
  return result(
    "delta after changes (lag, @removed)",
    "created, then @removed {reason: deleted}, each within the wait",
    observed,
    createdAfter !== null && removedAfter !== null,
  );
}

async function notifications(g: GraphSession, opts: SuiteOptions, cleanup: Cleanup): Promise<CheckResult> {
  const behaviour = "notifications (10,080-minute subscription)";
  const expected = "subscription for 10,050 min accepted; a change notified";
  if (!opts.publicUrl) return { behaviour, expected, observed: "no --public-url given", verdict: "skipped" };
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    const token = url.searchParams.get("validationToken");
    if (token !== null) {
      res.writeHead(200, { "content-type": "text/plain" }).end(token);
      return;
    }
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      try {
        received.push(JSON.parse(text));
      } catch {
        /* not a notification */
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.listenPort, resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const url = opts.publicUrl.replace("{port}", String(port));
    const sub = await g.call("POST", "/subscriptions", {
      prefer: [IMMUTABLE],
      body: {
        changeType: "created,updated,deleted",
        notificationUrl: url,
        resource: "me/events",
        clientState: crypto.randomUUID(),
        expirationDateTime: new Date(Date.now() + 10_050 * 60_000).toISOString(),
      },
    });
    if (sub.status !== 201) return result(behaviour, expected, `subscription ${sub.status} ${errorCode(sub)}`, false);
    cleanup.add(await g.call("POST", "/me/events", { body: eventBody("notify") }));
    const started = Date.now();
    while (received.length === 0 && Date.now() - started < opts.notifyWaitMs) await sleep(500);
    await g.call("DELETE", `/subscriptions/${String(sub.body.id)}`);
    const observed = `subscription 201; ${received.length ? `notified after ${((Date.now() - started) / 1000).toFixed(0)} s` : `nothing within ${opts.notifyWaitMs / 1000} s`}`;
    return result(behaviour, expected, observed, received.length > 0);
  } finally {
    server.close();
  }
}

async function throttlingHeaders(g: GraphSession): Promise<CheckResult> {
  // More at once than Outlook's 4 concurrent requests per mailbox (§8), and a $batch of 20 reads (§7:
  // historically 4-6 sub-request 429s): some may be throttled, each should say when to retry.
  const reads = Array.from({ length: 20 }, (_, i) => ({
    id: String(i + 1),
    method: "GET",
    url: `/me/events?$top=1&$select=id`,
  }));
  const [batch, ...answers] = await Promise.all([
    g.call("POST", "/$batch", { body: { requests: reads } }),
    ...Array.from({ length: 12 }, () => g.call("GET", `/me/calendarView?${windowQuery()}&$top=50`)),
  ]);
  const subs = (batch!.body.responses as { status: number; headers?: Record<string, string>; body?: unknown }[]) ?? [];
  const asAnswers = subs.map((r) => ({
    status: r.status,
    headers: new Headers(r.headers ?? {}),
    body: (r.body ?? {}) as Record<string, unknown>,
  }));
  const throttled = [...answers, ...asAnswers].filter((a) => a.status === 429);
  const withRetryAfter = throttled.filter((a) => a.headers.get("retry-after") !== null);
  if (throttled.length === 0)
    return result(
      "throttling headers",
      "429s carry Retry-After",
      "no 429 from 12 concurrent reads and a 20-read $batch",
      null,
    );
  return result(
    "throttling headers",
    "429s carry Retry-After",
    `${throttled.length} × 429 (${[...new Set(throttled.map(errorCode))].join(", ")}), ${withRetryAfter.length} with Retry-After`,
    withRetryAfter.length === throttled.length,
  );
}

export async function runSuite(g: GraphSession, opts: SuiteOptions): Promise<CheckResult[]> {
  const cleanup = new Cleanup();
  const results: CheckResult[] = [];
  const steps: ((g: GraphSession) => Promise<CheckResult>)[] = [
    createPatchDelete,
    deletedItems,
    (s) => transactionIds(s, cleanup),
    (s) => zones(s, cleanup),
    (s) => batchImmutableIds(s, cleanup),
    (s) => deltaAfterChanges(s, opts),
    (s) => notifications(s, opts, cleanup),
    throttlingHeaders,
  ];
  try {
    for (const step of steps) results.push(await step(g));
  } finally {
    await cleanup.run(g);
  }
  return results;
}
