/**
 * A real local HTTP endpoint for change-notification tests: answers Graph's validation handshake
 * (echoing `validationToken` as text/plain, or a wrong echo when told to) and records notification
 * POSTs, optionally failing the first N with 500 so the emulator's retries can be observed.
 */
import http from "node:http";

export type Received = {
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
  json?: { value: Array<Record<string, unknown>> };
};

export type WebhookListener = {
  /** e.g. http://127.0.0.1:PORT — append a path per endpoint. */
  url: string;
  received: Received[];
  /** Notifications (not validation requests) posted to `path`. */
  notifications: (path: string) => Array<Record<string, unknown>>;
  /** Polls until `predicate` holds (no fixed sleeps); rejects after `timeoutMs`. */
  waitFor: <T>(probe: () => T | undefined | false, timeoutMs?: number) => Promise<T>;
  behaviour: { wrongEcho: boolean; failNext: number };
  close: () => Promise<void>;
};

export async function startWebhookListener(): Promise<WebhookListener> {
  const received: Received[] = [];
  const behaviour = { wrongEcho: false, failNext: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://listener.invalid");
      const body = Buffer.concat(chunks).toString("utf8");
      const token = url.searchParams.get("validationToken");
      const entry: Received = {
        path: url.pathname,
        query: url.searchParams,
        contentType: String(req.headers["content-type"] ?? ""),
        body,
      };
      if (!token && body) entry.json = JSON.parse(body) as Received["json"];
      received.push(entry);
      if (token !== null) {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(behaviour.wrongEcho ? `${token}-nope` : token);
        return;
      }
      if (behaviour.failNext > 0) {
        behaviour.failNext--;
        res.writeHead(500).end();
        return;
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    behaviour,
    notifications: (path) => received.filter((r) => r.path === path && r.json).flatMap((r) => r.json?.value ?? []),
    waitFor: async (probe, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error("webhook listener: condition not met in time");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
