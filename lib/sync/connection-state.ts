import { ConflictError } from "@/lib/errors";

/**
 * A calendar connection's life, in one place. The database enum `connection_status` is built from
 * `connectionStatuses` (db/schema/calendar-connections.ts), so the vocabulary is declared once; this
 * module stays pure (no database, no clock) so the table of transitions is tested on its own.
 *
 * - connected: signed in, between syncs.          - syncing: a sync run holds the connection.
 * - reconnect_needed: Microsoft refused the stored sign-in; the instructor must sign in again.
 * - disconnecting: the sign-in is gone and the removal job is converging both calendars.
 * - disconnected: an admin removed it.            - disconnected_by_instructor: the instructor did.
 */
export const connectionStatuses = [
  "connected",
  "syncing",
  "reconnect_needed",
  "disconnecting",
  "disconnected",
  "disconnected_by_instructor",
] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/**
 * Who asked for a disconnection: recorded on the connection (`disconnect_requested_by`) as it turns
 * `disconnecting`, so however often the removal is restarted or re-sent, it ends as the requester's:
 * Disconnected (admin) or Disconnected by instructor.
 */
export const disconnectRequesters = ["admin", "instructor"] as const;
export type DisconnectRequester = (typeof disconnectRequesters)[number];

export type ConnectionEvent =
  /** The Microsoft sign-in completed (first connection, reconnection, or connecting again after a disconnect). */
  | { type: "signed_in" }
  | { type: "sync_started" }
  | { type: "sync_finished" }
  /** Microsoft refused the stored grant (invalid_grant, interaction required). */
  | { type: "grant_refused" }
  | { type: "disconnect_requested"; by: DisconnectRequester }
  /**
   * After a removal that ended with a dead token: the instructor signed in through a finish-removal link, so
   * the sweep of our Outlook entries can run again (the connection never turns live: nothing syncs).
   */
  | { type: "finish_removal_signed_in" }
  /** `by`: the requester recorded when the disconnection began (see `requesterAfter`), not whoever restarted it. */
  | { type: "removal_finished"; by: DisconnectRequester };

/** `null` is a connection that does not exist yet. */
type From = ConnectionStatus | null;

const disconnectedStates = ["disconnected", "disconnected_by_instructor"] as const satisfies ConnectionStatus[];
const live = ["connected", "syncing"] as const satisfies ConnectionStatus[];

const allowed: Record<
  ConnectionEvent["type"],
  { from: readonly From[]; to: (event: ConnectionEvent) => ConnectionStatus }
> = {
  // Not while syncing (the run would write with the old grant) nor while disconnecting (removal must finish first).
  signed_in: { from: [null, "connected", "reconnect_needed", ...disconnectedStates], to: () => "connected" },
  sync_started: { from: ["connected"], to: () => "syncing" },
  sync_finished: { from: ["syncing"], to: () => "connected" },
  grant_refused: { from: live, to: () => "reconnect_needed" },
  disconnect_requested: { from: [...live, "reconnect_needed"], to: () => "disconnecting" },
  finish_removal_signed_in: { from: disconnectedStates, to: () => "disconnecting" },
  removal_finished: {
    from: ["disconnecting"],
    to: (event) => ((event as { by: string }).by === "instructor" ? "disconnected_by_instructor" : "disconnected"),
  },
};

/** A conflict with the connection's current state, so the edge answers 409 / a form message. */
export class InvalidConnectionTransitionError extends ConflictError {
  override name = "InvalidConnectionTransitionError";
  constructor(
    readonly from: From,
    readonly event: ConnectionEvent["type"],
  ) {
    super(`A calendar connection that is ${from ?? "absent"} cannot take "${event}"`);
  }
}

/** The status after `event`, or InvalidConnectionTransitionError. */
export function nextConnectionStatus(from: From, event: ConnectionEvent): ConnectionStatus {
  const rule = allowed[event.type];
  if (!rule.from.includes(from)) throw new InvalidConnectionTransitionError(from, event.type);
  return rule.to(event);
}

/**
 * What `disconnect_requested_by` becomes with `event` (`undefined`: unchanged). A disconnection records its
 * requester; signing in again (a reconnect) clears it, since nothing is being disconnected. A finish-removal
 * sign-in keeps the original requester, read from the status it leaves (Disconnected → admin, Disconnected by
 * instructor → instructor): the instructor signs in only so the clean-up can reach their Outlook, which
 * does not make an admin's removal theirs (the link goes to them whoever disconnected). The removal's
 * steps, a restart and a re-sent request change nothing, so the end status names whoever began it.
 */
export function requesterAfter(from: From, event: ConnectionEvent): DisconnectRequester | null | undefined {
  switch (event.type) {
    case "disconnect_requested":
      return event.by;
    case "finish_removal_signed_in":
      return from === "disconnected_by_instructor" ? "instructor" : "admin";
    case "signed_in":
      return null;
    default:
      return undefined;
  }
}

/** The statuses `event` may leave from: services use it in their UPDATE's WHERE, so a concurrent change loses cleanly. */
export function statusesAccepting(type: ConnectionEvent["type"]): ConnectionStatus[] {
  return allowed[type].from.filter((s): s is ConnectionStatus => s !== null);
}

/** Signed in and usable: a sync may run, invitations are not needed. */
export const isLive = (status: ConnectionStatus | null | undefined) => status === "connected" || status === "syncing";
/** Gone or going: the sign-in is deleted. */
export const isDisconnected = (status: ConnectionStatus | null | undefined) =>
  status === "disconnecting" || status === "disconnected" || status === "disconnected_by_instructor";
