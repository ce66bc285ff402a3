/**
 * The kit's Graph caller: plain fetch against `{graphUrl}/v1.0`, so every status and header the target
 * answers is seen as sent (no SDK retries in between). One session per signed-in test mailbox.
 */
export type GraphAnswer = { status: number; headers: Headers; body: Record<string, unknown> };

export const IMMUTABLE = 'IdType="ImmutableId"';

export class GraphSession {
  constructor(
    readonly graphUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  async call(
    method: string,
    path: string,
    options: { body?: unknown; prefer?: string[]; headers?: Record<string, string> } = {},
  ): Promise<GraphAnswer> {
    const url = path.startsWith("https://") || path.startsWith("http://") ? path : `${this.graphUrl}/v1.0${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.prefer?.length ? { prefer: options.prefer.join(", ") } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    return { status: res.status, headers: res.headers, body };
  }
}

/** A Graph error's code, or "" (for the report). */
export const errorCode = (answer: GraphAnswer): string =>
  String((answer.body.error as { code?: string } | undefined)?.code ?? "");
