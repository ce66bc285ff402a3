/** One HTTP request the Graph client sent (each retry is its own request). */
export type GraphRequestRecord = {
  connectionId: string;
  method: string;
  /** Path and query without the origin, e.g. `/v1.0/me/calendarView?...`. */
  path: string;
  /** Null when the request failed before an answer (network error). */
  status: number | null;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  durationMs: number;
  /** Sub-requests inside a `$batch`; Graph counts each toward the mailbox's rate limit. */
  batchSize?: number;
};

/**
 * Counts Graph requests. Each client has its own (per connection, per run: `client.requests`); a
 * caller that wants a total over several clients (a sync run, a benchmark) passes one in as well.
 */
export class GraphRequestCounter {
  requests = 0;
  /** Requests Graph answered 429. */
  throttled = 0;
  /** Graph operations: a `$batch` counts as its sub-requests. */
  operations = 0;

  record(request: GraphRequestRecord): void {
    this.requests++;
    this.operations += request.batchSize ?? 1;
    if (request.status === 429) this.throttled++;
  }
}
