import { GraphError, type Client, type GraphRequest } from "@microsoft/microsoft-graph-client";
import { CALENDAR_PREFER } from "./calendar-prefer";
import type { ConnectionAccessToken } from "./connection-access-token";
import { typedGraphError } from "./errors";
import { originalError } from "./sdk-client";

/**
 * One Graph call of a connection's client: CALENDAR_PREFER (UTC, immutable ids) on every request,
 * one fresh token and one replay on a 401 (Graph rejected the request unread, so even a POST cannot
 * be duplicated), and failures as the typed errors of errors.ts.
 */
export async function sendGraph<T>(
  sdk: Client,
  token: ConnectionAccessToken,
  path: string,
  call: (request: GraphRequest) => Promise<T>,
  prefer?: string,
): Promise<T> {
  for (let replayed = false; ; replayed = true) {
    try {
      return (await call(
        sdk.api(path).header("Prefer", prefer ? `${CALENDAR_PREFER}, ${prefer}` : CALENDAR_PREFER),
      )) as T;
    } catch (thrown) {
      const error = originalError(thrown);
      if (!replayed && error instanceof GraphError && error.statusCode === 401) {
        await token.refresh();
        continue;
      }
      throw typedGraphError(error, Date.now());
    }
  }
}
