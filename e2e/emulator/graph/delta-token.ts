/**
 * Opaque delta state tokens (graph-behaviour.md §3: "the window and other params are encoded in
 * the token"; "tokens are opaque"). base64url(JSON) + "." + HMAC so a client cannot forge or edit
 * one. A token records which mailbox and epoch minted it, so bumping the epoch (control API) or
 * resetting the store makes it fail with 410 SyncStateNotFound, as evicted tokens do (OBS #2350).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { badODataRequest, GraphError, syncStateNotFound } from "./errors";

export type DeltaState = {
  /** Mailbox (user id) and epoch that minted the token. */
  user: string;
  epoch: number;
  /** Window, epoch ms. */
  start: number;
  end: number;
  calendarId?: string;
  /** Journal position the round compares against; -1 for the initial round (everything in window). */
  from: number;
  /** Journal position the round reports up to (fixed for all pages of a round). */
  to: number;
  /** Skip tokens only: id of the last item already returned in this round. */
  after?: string;
  /** Mint time, for optional token lifetimes. */
  issuedAt: number;
};

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest().subarray(0, 16);

export function encodeDeltaToken(state: DeltaState, secret: string): string {
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `${payload}.${sign(secret, payload).toString("base64url")}`;
}

const garbage = () => badODataRequest("The delta token is malformed."); // [UNV: real code for a corrupt token]

export function decodeDeltaToken(token: string, secret: string): DeltaState {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined) throw garbage();
  const expected = sign(secret, payload);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw garbage();
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as DeltaState;
  } catch {
    throw garbage();
  }
}

/** 410 SyncStateNotFound that remembers the token's window, for a `Location` restart URL (§3 "Synchronization reset"). */
export class SyncStateGone extends GraphError {
  constructor(
    source: GraphError,
    readonly state: DeltaState,
  ) {
    super(source.status, source.code, source.message, source.headers);
  }
}

/** 410 when the mailbox's epoch moved on or the token outlived the configured lifetime. */
export function assertTokenAlive(
  state: DeltaState,
  mailbox: { userId: string; epoch: number },
  now: number,
  ttlMs?: number,
): void {
  const expired = ttlMs !== undefined && now - state.issuedAt > ttlMs;
  if (state.user !== mailbox.userId || state.epoch !== mailbox.epoch || expired) {
    throw new SyncStateGone(syncStateNotFound(state.epoch, mailbox.epoch), state);
  }
}
