import { statusesAccepting, type ConnectionStatus } from "@/lib/sync/connection-state";
import type { ProblemCode } from "./public-messages";

/**
 * Why an invitation (or reconnect link) cannot connect while the instructor's connection is in `status`, as
 * the page code to show; null when signing in may complete. The state machine decides (`signed_in`): the
 * wizard page, the start of the sign-in and its completion ask the same question, so a person is told
 * before leaving for Microsoft and, when the connection changed meanwhile, when they come back.
 * - `disconnecting`: the previous connection's removal is deleting our entries with the old sign-in;
 *   it usually ends within a minute, after which the same invitation connects.
 * - `syncing` (not reachable with an open invitation today): the connection changed under the sign-in.
 */
export function connectRefusal(
  status: ConnectionStatus | null,
): Extract<ProblemCode, "previous_connection_removing" | "connection_changed"> | null {
  if (status === null || statusesAccepting("signed_in").includes(status)) return null;
  return status === "disconnecting" ? "previous_connection_removing" : "connection_changed";
}
