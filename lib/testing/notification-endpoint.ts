/**
 * The app's notification webhook (lib/http/notification-webhook.ts) on a real local HTTP port, for
 * integration tests and benchmarks: the emulator validates it and posts notifications to it as Graph
 * would to the deployed route. Records what it answered, so tests can count and wait (no sleeps).
 */
import http from "node:http";
import type { ServiceContext } from "@/lib/context/service-context";
import { notificationWebhook } from "@/lib/http/notification-webhook";

export type Answered = { validation: boolean; status: number; body: string };

export type NotificationEndpoint = {
  /** e.g. http://127.0.0.1:PORT: the `notificationBaseUrl` to configure. */
  baseUrl: string;
  answered: Answered[];
  close(): Promise<void>;
};

export async function startNotificationEndpoint(context: () => Promise<ServiceContext>): Promise<NotificationEndpoint> {
  const handle = notificationWebhook(context);
  const answered: Answered[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method,
        headers: { "content-type": String(req.headers["content-type"] ?? "") },
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      handle(request)
        .then(async (response) => {
          const text = await response.text();
          answered.push({ validation: request.url.includes("validationToken="), status: response.status, body });
          res.writeHead(response.status, Object.fromEntries(response.headers)).end(text);
        })
        .catch((error: unknown) => {
          console.error("[notification-endpoint]", error);
          answered.push({ validation: false, status: 500, body });
          res.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    answered,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
