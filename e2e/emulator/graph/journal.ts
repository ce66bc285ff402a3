/**
 * A mailbox's change journal: a monotonic sequence of upserts/deletes of "series units" (a single
 * event, or a master with its exceptions). Each entry keeps the unit as it was BEFORE the change,
 * so the delta engine can tell which instances a client saw at any earlier position and emit
 * `@removed` for those that are gone or left the window (graph-behaviour.md §3).
 */
import type { StoredEvent } from "./event-types";

export type SeriesSnapshot = { root: StoredEvent; exceptions: StoredEvent[] };

export type JournalEntry = {
  seq: number;
  atMs: number;
  /** Id of the single event or series master the change belongs to. */
  rootId: string;
  changeType: "created" | "updated" | "deleted";
  /** The unit before this change; null when it did not exist (created). */
  before: SeriesSnapshot | null;
};

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  /** Current position: the seq of the last entry (0 when empty). */
  get position(): number {
    return this.seq;
  }

  append(entry: Omit<JournalEntry, "seq">): JournalEntry {
    const full = { ...entry, seq: ++this.seq };
    this.entries.push(full);
    return full;
  }

  /** The position as it was at `ms` (entries are appended in clock order): for replication lag. */
  positionAt(ms: number): number {
    let pos = 0;
    for (const e of this.entries) if (e.atMs <= ms) pos = e.seq;
    return pos;
  }

  /** Entries with from < seq <= to, oldest first. */
  between(from: number, to: number): JournalEntry[] {
    return this.entries.filter((e) => e.seq > from && e.seq <= to);
  }

  /**
   * For every unit changed in (from, to]: its state at position `from` (the `before` of its first
   * change in the range). null = the unit did not exist at `from`.
   */
  statesAt(from: number, to: number): Map<string, SeriesSnapshot | null> {
    const states = new Map<string, SeriesSnapshot | null>();
    for (const e of this.between(from, to)) if (!states.has(e.rootId)) states.set(e.rootId, e.before);
    return states;
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
