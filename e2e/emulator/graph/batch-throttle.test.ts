import { describe, expect, it } from "vitest";
import { executeBatch, parseBatch, type BatchSubRequest } from "./batch";
import { Throttle, throttleKey } from "./throttle";

const req = (id: string, extra: Partial<BatchSubRequest> = {}) => ({ id, method: "GET", url: "/me/events", ...extra });

describe("$batch parsing (graph-behaviour.md §7)", () => {
  it.each([
    ["empty", { requests: [] }],
    ["21 requests", { requests: Array.from({ length: 21 }, (_, i) => req(String(i))) }],
    ["duplicate ids (case-insensitive)", { requests: [req("a"), req("A")] }],
    ["unknown dependency", { requests: [req("1", { dependsOn: ["9"] })] }],
    ["cycle", { requests: [req("1", { dependsOn: ["2"] }), req("2", { dependsOn: ["1"] })] }],
    ["body without Content-Type", { requests: [req("1", { method: "POST", body: {} })] }],
    ["absolute url", { requests: [req("1", { url: "https://graph.microsoft.com/v1.0/me" })] }],
    ["bad method", { requests: [req("1", { method: "TRACE" as never })] }],
  ])("rejects %s with 400", (_n, body) => {
    expect(() => parseBatch(body)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("accepts 20 requests and normalises urls", () => {
    const parsed = parseBatch({ requests: Array.from({ length: 20 }, (_, i) => req(String(i), { url: "me/events" })) });
    expect(parsed).toHaveLength(20);
    expect(parsed[0]?.url).toBe("/me/events");
  });
});

describe("$batch execution", () => {
  it("runs dependsOn in order, 424s dependents of a failure, keeps per-request status and headers", async () => {
    const order: string[] = [];
    const requests = parseBatch({
      requests: [
        req("1"),
        req("2", { dependsOn: ["1"] }),
        req("3", { url: "/fail" }),
        req("4", { dependsOn: ["3"] }),
        req("5", { dependsOn: ["4"] }),
      ],
    });
    const { responses } = await executeBatch(
      requests,
      async (r): Promise<{ status: number; headers: Record<string, string>; body: unknown }> => {
        order.push(r.id);
        return r.url === "/fail"
          ? { status: 429, headers: { "Retry-After": "7" }, body: { error: { code: "ApplicationThrottled" } } }
          : { status: 200, headers: {}, body: { id: r.id } };
      },
    );
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ["1", 200],
      ["2", 200],
      ["3", 429],
      ["4", 424],
      ["5", 424],
    ]);
    expect(responses[2]?.headers["Retry-After"]).toBe("7");
    expect(order.indexOf("1")).toBeLessThan(order.indexOf("2"));
    expect(order).not.toContain("4");
  });

  it("never has more than `concurrency` sub-requests in flight, and a crash is that request's 500", async () => {
    let active = 0;
    let peak = 0;
    const requests = parseBatch({ requests: Array.from({ length: 12 }, (_, i) => req(String(i))) });
    const { responses } = await executeBatch(
      requests,
      async (r) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active--;
        if (r.id === "5") throw new Error("boom");
        return { status: 200, headers: {} };
      },
      { concurrency: 4 },
    );
    expect(peak).toBe(4);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(11);
    expect(responses.find((r) => r.id === "5")?.status).toBe(500);
  });
});

describe("throttling (graph-behaviour.md §8)", () => {
  const key = throttleKey("app", "user-1");

  it("allows 4 concurrent requests per app+mailbox, the 5th gets ApplicationThrottled with Retry-After", () => {
    const t = new Throttle();
    const held = [0, 1, 2, 3].map(() => t.acquire(key, 0));
    expect(held.every((d) => d.allowed)).toBe(true);
    const fifth = t.acquire(key, 0);
    expect(fifth).toMatchObject({ allowed: false, reason: "concurrency", retryAfterSeconds: 1 });
    if (fifth.allowed) throw new Error("unreachable");
    expect(fifth.error).toMatchObject({
      status: 429,
      code: "ApplicationThrottled",
      message: "Application is over its MailboxConcurrency limit.",
      headers: { "Retry-After": "1" },
    });
    expect(t.acquire(throttleKey("app", "user-2"), 0).allowed).toBe(true); // other mailbox unaffected
    const first = held[0];
    if (first?.allowed) {
      first.release();
      first.release(); // idempotent
    }
    expect(t.inFlightCount(key)).toBe(3);
    expect(t.acquire(key, 0).allowed).toBe(true);
    expect(t.acquire(key, 0).allowed).toBe(false);
  });

  it("limits the sliding window and computes Retry-After from the oldest request", () => {
    const t = new Throttle({
      maxConcurrent: 100,
      maxPerWindow: 3,
      windowMs: 10_000,
      concurrencyRetryAfterSeconds: 1,
      countRejected: false,
    });
    for (const at of [0, 1000, 2000]) {
      const d = t.acquire(key, at);
      if (d.allowed) d.release();
    }
    const blocked = t.acquire(key, 4500);
    expect(blocked).toMatchObject({ allowed: false, reason: "rate", retryAfterSeconds: 6 });
    expect(t.acquire(key, 10_001).allowed).toBe(true); // the first request left the window
  });
});
