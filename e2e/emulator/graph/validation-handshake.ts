/**
 * The subscription validation handshake (graph-behaviour.md §9.2): POST
 * `{url}?validationToken={token}` with `text/plain` and an empty body; the endpoint must answer 200
 * within 10 s with the URL-decoded token as its exact body. Existing query strings in the URL are
 * kept. Failures map to the observed 400 bodies of §9.1.
 */
import { GraphError } from "./errors";
import { OutboundTimeoutError, type HttpPoster } from "./outbound";

export const VALIDATION_TIMEOUT_MS = 10_000;

export const validationFailed = (detail: string) =>
  new GraphError(400, "ValidationError", `Subscription validation request failed. ${detail}`);

export const validationTimedOut = () =>
  new GraphError(400, "InvalidRequest", "Subscription validation request timed out.");

export function validationUrl(url: string, token: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}validationToken=${encodeURIComponent(token)}`;
}

/** Resolves when the endpoint echoed `token`; throws the GraphError the creator should receive. */
export async function runValidationHandshake(
  post: HttpPoster,
  url: string,
  token: string,
  timeoutMs = VALIDATION_TIMEOUT_MS,
): Promise<void> {
  let res;
  try {
    res = await post({
      url: validationUrl(url, token),
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: "",
      timeoutMs,
    });
  } catch (err) {
    if (err instanceof OutboundTimeoutError) throw validationTimedOut();
    throw validationFailed("Notification endpoint must respond with 200 OK to validation request.");
  }
  if (res.status !== 200) {
    throw validationFailed("Notification endpoint must respond with 200 OK to validation request.");
  }
  if (res.body !== token) {
    throw validationFailed("Response must exactly match validationToken query parameter.");
  }
}
