import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import type { OpenedDb } from "@/db/open";
import { testContext } from "@/lib/testing/test-context";
import { MAX_BODY_BYTES, notificationWebhook } from "./notification-webhook";

/** Anyone can post to the webhook (issue 22 §2): the log must stay small and say only what we decided. */
let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb();
});
afterAll(() => opened.close());
afterEach(() => vi.restoreAllMocks());

const forged = "x\n[auth] admin@calendar-sync.local signed in";
const flood = () =>
  JSON.stringify({
    value: Array.from({ length: 1000 }, (_, i) => ({
      subscriptionId: `${forged} ${i}`,
      clientState: forged,
      changeType: "updated",
      resource: `Users/${forged}/Events/${i}`,
    })),
  });

it("logs 20 anonymous requests of 1,000 forged notifications in a few structured lines, none of their text", async () => {
  const lines: string[] = [];
  for (const level of ["log", "info", "warn", "error"] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  const webhook = notificationWebhook(async () => testContext({ db: opened.db }));
  for (let i = 0; i < 20; i++) {
    const response = await webhook(
      new Request("http://localhost/api/microsoft/notifications", { method: "POST", body: flood() }),
    );
    expect(response.status).toBe(202);
  }
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThanOrEqual(5);
  for (const line of lines) {
    expect(line).not.toContain("signed in");
    expect(JSON.parse(line)).toMatchObject({
      event: "notifications_rejected",
      rejected: 1000,
      unknownSubscription: 1000,
    });
  }
});

it("stops reading a body past the cap, even without Content-Length", async () => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += chunk.byteLength;
      if (sent > 20 * MAX_BODY_BYTES) controller.close();
      else controller.enqueue(chunk);
    },
  });
  const webhook = notificationWebhook(async () => testContext({ db: opened.db }));
  const response = await webhook(
    new Request("http://localhost/api/microsoft/notifications", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit),
  );
  expect(response.status).toBe(413);
  expect(sent).toBeLessThan(2 * MAX_BODY_BYTES);
});
