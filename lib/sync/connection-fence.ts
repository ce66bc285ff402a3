import { isLive, type ConnectionStatus } from "./connection-state";

/**
 * The removal fence (docs/decisions/0003-fencing.md). `calendar_connections.generation` moves on, under the
 * row's lock, in the transaction that turns a connection `disconnecting`. Work that read the connection
 * before (a pull reading Graph, a push sending to it) carries the generation it read and checks it again,
 * under the row's lock, where it writes: once a removal has begun, nothing read or sent before it lands.
 */
export type ConnectionFence = { generation: number };

/** The connection row as a fenced write sees it under its lock; null when the row is gone. */
export type FencedConnection = { generation: number; status: ConnectionStatus } | null;

/**
 * Whether work that started at `fence` may still write for this connection: no removal began since (the
 * generation is the one read) and, with `live`, it is still connected (a pull or a new claim only writes for
 * a live connection; recording what Outlook already did only needs the generation).
 */
export function fenceHolds(fence: ConnectionFence, now: FencedConnection, { live }: { live: boolean }): boolean {
  if (!now || now.generation !== fence.generation) return false;
  return !live || isLive(now.status);
}

/**
 * A removal began (or the connection stopped being live) after the work read the connection: it gives up
 * without writing. Not a failure to retry: the removal owns the connection now.
 */
export class ConnectionFencedError extends Error {
  override name = "ConnectionFencedError";
  constructor(what: string) {
    super(`${what}: the connection is being removed or is no longer connected; nothing was written`);
  }
}
