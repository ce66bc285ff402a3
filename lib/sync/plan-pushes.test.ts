import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "./connection-state";
import { contentHash } from "./content-hash";
import { planPushes, recordAfter, type PushCandidate, type PushOperation, type RecordedEntry } from "./plan-pushes";
import { buildPushContent, transactionIdFor, type PushContentInput } from "./push-content";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const S = "55555555-0000-4000-8000-000000000001";
const EVENT = "eeeeeeee-0000-4000-8000-000000000001";
const INSTRUCTOR = "11111111-0000-4000-8000-000000000001";
const CONNECTION = "cccccccc-0000-4000-8000-000000000001";
const NOW = new Date("2026-11-20T10:00:00Z");

const contentInput = (title = "Course"): PushContentInput => ({
  appUrl: "https://app.example",
  assignmentId: A,
  sessionId: S,
  instructor: { id: INSTRUCTOR, name: "Ada", timeZone: "Europe/London" },
  event: {
    id: EVENT,
    title,
    courseCode: "",
    description: "",
    timeZone: "Europe/London",
    location: null,
    venue: null,
    virtualMeeting: null,
    sessions: [
      { id: S, name: null, startsAt: new Date("2026-12-01T09:00:00Z"), endsAt: new Date("2026-12-01T17:00:00Z") },
    ],
    resources: [],
    personnel: [{ instructorId: INSTRUCTOR, name: "Ada", role: "lead" }],
  },
});

const candidate = (
  over: { lifecycle?: PushCandidate["eventLifecycle"]; connection?: ConnectionStatus | null; title?: string } = {},
): PushCandidate => ({
  assignmentId: A,
  sessionId: S,
  eventId: EVENT,
  instructorId: INSTRUCTOR,
  eventLifecycle: over.lifecycle ?? "active",
  connection: over.connection === null ? null : { id: CONNECTION, status: over.connection ?? "connected" },
  content: contentInput(over.title),
});

const hashOf = (title = "Course") => contentHash(buildPushContent(contentInput(title)));

const record = (over: Partial<RecordedEntry> = {}): RecordedEntry => ({
  assignmentId: A,
  sessionId: S,
  eventId: EVENT,
  instructorId: INSTRUCTOR,
  connectionId: CONNECTION,
  connectionStatus: "connected",
  outlookEventId: "AAkALg-1",
  contentHash: hashOf(),
  status: "in_outlook",
  generation: 1,
  ...over,
});

const kinds = (ops: PushOperation[]) => ops.map((op) => (op.kind === "wait" ? `wait:${op.reason}` : op.kind));

describe("planPushes", () => {
  it.each<[string, PushCandidate[], RecordedEntry[], string[]]>([
    ["active + connected, nothing recorded → create", [candidate()], [], ["create"]],
    ["active + syncing counts as connected", [candidate({ connection: "syncing" })], [], ["create"]],
    ["draft → nothing to push", [candidate({ lifecycle: "draft" })], [], []],
    [
      "draft, but pushed before (returned to draft) → delete",
      [candidate({ lifecycle: "draft" })],
      [record()],
      ["delete"],
    ],
    ["cancelled → delete", [candidate({ lifecycle: "cancelled" })], [record()], ["delete"]],
    ["event deleted or instructor unassigned (no candidate) → delete", [], [record()], ["delete"]],
    ["never connected → nothing", [candidate({ connection: null })], [], []],
    ["in Outlook with the same content → nothing", [candidate()], [record()], []],
    ["content changed → update", [candidate({ title: "Renamed" })], [record()], ["update"]],
    ["hash cleared (drift seen by Pull) → update", [candidate()], [record({ contentHash: null })], ["update"]],
    ["same content but last attempt failed → update", [candidate()], [record({ status: "failed" })], ["update"]],
    [
      "pending without an Outlook id → create again, same generation",
      [candidate()],
      [record({ outlookEventId: null, status: "pending", generation: 3 })],
      ["create"],
    ],
    [
      "reconnect needed keeps the desired state",
      [candidate({ connection: "reconnect_needed" })],
      [record()],
      ["wait:reconnect_needed"],
    ],
    [
      "unwanted while reconnect needed → wait, not forget",
      [candidate({ lifecycle: "cancelled" })],
      [record({ connectionStatus: "reconnect_needed" })],
      ["wait:reconnect_needed"],
    ],
    [
      "disconnecting: Removal owns the mailbox",
      [candidate({ connection: "disconnecting" })],
      [record({ connectionStatus: "disconnecting" })],
      ["wait:disconnecting"],
    ],
    [
      "disconnected → forget the record, call nothing",
      [candidate({ connection: "disconnected" })],
      [record({ connectionStatus: "disconnected" })],
      ["forget"],
    ],
    ["connection row gone → forget", [], [record({ connectionStatus: null })], ["forget"]],
  ])("%s", (_name, candidates, recorded, expected) => {
    expect(kinds(planPushes(candidates, recorded))).toEqual(expected);
  });

  it("creates with a transactionId of (assignment, session, generation) and the content's hash", () => {
    const [fresh] = planPushes([candidate()], []);
    expect(fresh).toMatchObject({
      kind: "create",
      generation: 1,
      transactionId: transactionIdFor(A, S, 1),
      contentHash: hashOf(),
      connectionId: CONNECTION,
      searchFirst: false, // no record: nothing was ever sent for it
    });
    const [again] = planPushes([candidate()], [record({ outlookEventId: null, status: "failed", generation: 4 })]);
    expect(again).toMatchObject({
      kind: "create",
      generation: 4,
      transactionId: transactionIdFor(A, S, 4),
      searchFirst: true, // an earlier attempt may have landed: look for it before POSTing
    });
  });

  it("updates the recorded Outlook id, and deletes by id or, without one, by the tag", () => {
    expect(planPushes([candidate({ title: "New" })], [record()])[0]).toMatchObject({
      kind: "update",
      outlookEventId: "AAkALg-1",
      contentHash: hashOf("New"),
    });
    expect(planPushes([], [record({ outlookEventId: null, status: "pending" })])[0]).toMatchObject({
      kind: "delete",
      outlookEventId: null,
    });
  });

  it("plans nothing once converged, however often it runs", () => {
    const plan = planPushes([candidate()], []);
    const op = plan[0] as Extract<PushOperation, { kind: "create" }>;
    const change = recordAfter(op, { kind: "ok", outlookEventId: "AAkALg-9" }, NOW);
    if (change.kind !== "write") throw new Error("expected a write");
    const converged = record({ ...change, outlookEventId: change.outlookEventId });
    expect(planPushes([candidate()], [converged])).toEqual([]);
    expect(planPushes([candidate()], [converged])).toEqual([]);
  });
});

describe("recordAfter", () => {
  const [create] = planPushes([candidate()], []) as [Extract<PushOperation, { kind: "create" }>];
  const [update] = planPushes([candidate({ title: "New" })], [record({ generation: 2 })]) as [
    Extract<PushOperation, { kind: "update" }>,
  ];
  const [remove] = planPushes([], [record({ generation: 2 })]) as [Extract<PushOperation, { kind: "delete" }>];

  it("records a created entry as in Outlook with its id, hash and the version Outlook answered", () => {
    const version = { changeKey: "ZlnW4RIAV06KYYwlrfNZvQAALfZeRQ==", modifiedAt: new Date("2026-11-20T10:00:01Z") };
    expect(recordAfter(create, { kind: "ok", outlookEventId: "X", version }, NOW)).toEqual({
      kind: "write",
      status: "in_outlook",
      outlookEventId: "X",
      contentHash: hashOf(),
      generation: 1,
      error: null,
      lastAttemptAt: NOW,
      outlookChangeKey: version.changeKey,
      outlookModifiedAt: version.modifiedAt,
    });
    // An answer without a version (never from Graph's create or update) records none.
    expect(recordAfter(create, { kind: "ok", outlookEventId: "X" }, NOW)).toMatchObject({ outlookChangeKey: null });
  });

  it("an update records the version of its answer; a failure or a 404 forgets the recorded one", () => {
    const version = { changeKey: "v2", modifiedAt: NOW };
    expect(recordAfter(update, { kind: "ok", version }, NOW)).toMatchObject({
      outlookEventId: "AAkALg-1",
      outlookChangeKey: "v2",
      outlookModifiedAt: NOW,
    });
    for (const outcome of [{ kind: "not_found" }, { kind: "failed", error: "429" }] as const)
      expect(recordAfter(update, outcome, NOW)).toMatchObject({ outlookChangeKey: null, outlookModifiedAt: null });
  });

  it("404 on update → pending re-create with a new generation (so a new transactionId)", () => {
    expect(recordAfter(update, { kind: "not_found" }, NOW)).toMatchObject({
      kind: "write",
      status: "pending",
      outlookEventId: null,
      contentHash: null,
      generation: 3,
    });
  });

  it("404 on delete → done; a failed delete stays deleting with its error", () => {
    expect(recordAfter(remove, { kind: "not_found" }, NOW)).toEqual({ kind: "remove" });
    expect(recordAfter(remove, { kind: "ok" }, NOW)).toEqual({ kind: "remove" });
    expect(recordAfter(remove, { kind: "failed", error: "503" }, NOW)).toMatchObject({
      status: "deleting",
      error: "503",
      generation: 2,
      outlookEventId: "AAkALg-1",
    });
  });

  it("a failed create keeps its generation: the retry reuses the transactionId", () => {
    expect(recordAfter(create, { kind: "failed", error: "timeout" }, NOW)).toMatchObject({
      status: "failed",
      generation: 1,
      outlookEventId: null,
      error: "timeout",
    });
  });

  it("a failed update keeps the Outlook id and forgets the hash, so the next plan retries it", () => {
    const change = recordAfter(update, { kind: "failed", error: "429" }, NOW);
    expect(change).toMatchObject({ status: "failed", outlookEventId: "AAkALg-1", contentHash: null, generation: 2 });
  });
});
