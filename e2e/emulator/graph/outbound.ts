/**
 * Outbound HTTP as the pure modules see it: one injected `post`. Validation handshakes (10 s) and
 * notification deliveries (3 s) pass their time limit in; the poster must resolve or reject within
 * it (graph-behaviour.md §9.2, §9.3). `fetchPoster` is the real implementation for the HTTP layer;
 * tests pass fakes, so no test waits on a socket or a clock.
 */

export type OutboundRequest = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
};

export type OutboundResponse = { status: number; body: string; headers?: Record<string, string> };

/** Rejects on network failure or timeout. */
export type HttpPoster = (req: OutboundRequest) => Promise<OutboundResponse>;

export class OutboundTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`POST ${url} did not answer within ${timeoutMs} ms`);
    this.name = "OutboundTimeoutError";
  }
}

/** `HttpPoster` over global fetch with AbortSignal.timeout; a timeout becomes OutboundTimeoutError. */
export function fetchPoster(fetchImpl: typeof fetch = fetch): HttpPoster {
  return async (req) => {
    try {
      const res = await fetchImpl(req.url, {
        method: "POST",
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: res.status, body: await res.text(), headers };
    } catch (err) {
      if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
        throw new OutboundTimeoutError(req.url, req.timeoutMs);
      }
      throw err;
    }
  };
}
