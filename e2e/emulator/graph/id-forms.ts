/**
 * Default ("REST") ids versus immutable ids (graph-behaviour.md §1 `id`, §4.3, §13 item 4; issue 10
 * item 2). The store keys events by their immutable id, which never changes. With
 * `distinctImmutableIds` the default id is a different string derived from the immutable id and the
 * number of times the item moved folder, so a move changes it (DOC `concepts/outlook-immutable-id.md`);
 * both forms are accepted on input, responses use the immutable form only under
 * `Prefer: IdType="ImmutableId"`. Without it both forms are the same string (the `clean` profile).
 */
import { createHash } from "node:crypto";
import { occurrenceId, parseOccurrenceId } from "./ids";

/** What id resolution needs from a mailbox. */
export type IdSpace = {
  events: ReadonlyMap<string, unknown>;
  moves: ReadonlyMap<string, number>;
  ids: { distinct: boolean };
};

/**
 * Graph answers ids that cannot be decoded with 400 ErrorInvalidIdMalformed (§4.4, OBS). Here: not
 * made of base64/base64url characters, or too short to be an Exchange id [UNV exact rule].
 */
export function isMalformedId(id: string): boolean {
  return !/^[A-Za-z0-9+/_=-]{16,}$/.test(id);
}

/** The default id of a stored (non-occurrence) event after `moves` folder moves. */
export function restIdFor(immutableId: string, moves: number): string {
  return `AAMkAG${createHash("sha256").update(`rest:${immutableId}:${moves}`).digest("base64url").slice(0, 40)}AAA=`;
}

/** The id a response shows for an internal (immutable) id. */
export function outwardId(space: IdSpace, id: string, immutable: boolean): string {
  if (immutable || !space.ids.distinct) return id;
  const occ = parseOccurrenceId(id);
  if (occ) return occurrenceId(outwardId(space, occ.masterId, false), occ.originalStartMs);
  return restIdFor(id, space.moves.get(id) ?? 0);
}

/** The internal id an input id names (either form); unknown ids come back unchanged (-> 404 later). */
export function resolveId(space: IdSpace, given: string): string {
  if (space.events.has(given)) return given;
  const occ = parseOccurrenceId(given);
  if (occ) return occurrenceId(resolveId(space, occ.masterId), occ.originalStartMs);
  if (!space.ids.distinct) return given;
  for (const id of space.events.keys()) if (restIdFor(id, space.moves.get(id) ?? 0) === given) return id;
  return given;
}

/** Per-request id rendering: `out` for ids in bodies, notifications and links. */
export type IdOut = (internalId: string) => string;
export const idOutFor =
  (space: IdSpace, immutable: boolean): IdOut =>
  (id) =>
    outwardId(space, id, immutable);
