/**
 * Pull end to end against the emulator in its `realistic` profile (delta repeats, `@removed:
 * changed`, distinct ids, 410 restarts, replication lag): after every pull the mirror equals what
 * calendarView shows for the window, and the sync run says what happened. Faults are the emulator's
 * own (429 storms, a 500 half-way through a round, expired tokens).
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, connectionEvents, externalEvents, pullStates } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { FULL_PRIVATE_SELECT } from "@/lib/sync/privacy-filter";
import { pullWindow } from "@/lib/sync/pull-window";
import { setPrivacyMode } from "../connect/set-privacy-mode";
import { confirmHeldPull } from "./confirm-held-pull";
import { pullConnection } from "./pull-connection";
import type { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import {
  answer,
  connected,
  h,
  iso,
  type LogEntry,
  mirror,
  outlook,
  pastReplicationLag,
  pull,
  setUpPull,
  tenantId,
  timed,
  today,
  view,
  weeklySeries,
  ZONE,
} from "@/lib/testing/pull-fixture";

setUpPull();

describe("Default Privacy Mode", () => {
  it("mirrors a series with a moved and a cancelled occurrence, private events and meeting answers", async () => {
    const { connection, userId, instructor } = await connected("default");
    const email = (await h.control<{ value: { email: string }[] }>("GET", `/users?tenantId=${tenantId}`)).value.find(
      (u) => u.email.startsWith(instructor.email.split("@")[0]!),
    )!.email;
    await outlook.create(userId, weeklySeries(5));
    await outlook.create(
      userId,
      timed(3, 14, "Dentist", {
        sensitivity: "private",
        body: { contentType: "text", content: "Root canal" },
        location: { displayName: "Harley Street" },
      }),
    );
    await outlook.create(userId, timed(4, 12, "Lunch walk", { showAs: "free" }));
    const meetings: Record<string, string> = {};
    for (const [i, name] of ["Declined review", "Tentative planning", "Unanswered sync"].entries()) {
      const made = await h.control<{ attendeeEventIds: Record<string, string> }>("POST", "/meetings", {
        organizer: "boss@elsewhere.example",
        attendees: [userId],
        event: timed(5 + i, 10, name),
      });
      meetings[name] = made.attendeeEventIds[email]!;
    }
    await answer(connection, meetings["Declined review"]!, "decline");
    await answer(connection, meetings["Tentative planning"]!, "tentativelyAccept");
    await outlook.create(userId, { ...timed(8, 10, "Canceled: Board"), isOrganizer: false, isCancelled: true });
    await pastReplicationLag();

    const first = await pull(connection.id);
    expect(first.result).toMatchObject({ status: "succeeded" });
    expect(first.run).toMatchObject({ status: "succeeded", kind: "pull", errorClass: null });
    expect(first.run.counts).toMatchObject({ baseline: 1, added: 11, updated: 0, removed: 0 });
    expect(first.run.counts.fetched).toBeGreaterThanOrEqual(11);
    expect(first.run.graphRequests).toBeGreaterThan(0);
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));

    const occurrences = (await mirrorOf(h.db, connection.id))
      .filter((e) => e.type === "occurrence")
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    expect(occurrences).toHaveLength(5);
    await outlook.update(userId, occurrences[1]!.graphId, timed(9, 15, "Weekly 1:1 (moved)"));
    await outlook.remove(userId, occurrences[2]!.graphId);
    await pastReplicationLag();

    const second = await pull(connection.id);
    expect(second.run.status).toBe("succeeded");
    expect(second.run.counts.baseline).toBeUndefined();
    const rows = await mirror(connection.id);
    expect(rows).toEqual(await view(connection, "default"));
    expect(rows.filter((e) => e.seriesMasterId === occurrences[0]!.seriesMasterId)).toHaveLength(4);
    expect(rows.find((e) => e.type === "exception")).toMatchObject({
      title: "Weekly 1:1 (moved)",
      seriesMasterId: occurrences[0]!.seriesMasterId,
    });
    const byTitle = (title: string) => rows.find((e) => e.title === title);
    expect(rows.find((e) => e.isPrivate)).toMatchObject({ title: null });
    expect(byTitle("Declined review")).toMatchObject({ response: "declined", isOrganizer: false });
    expect(byTitle("Tentative planning")).toMatchObject({ response: "tentativelyAccepted" });
    expect(byTitle("Lunch walk")).toMatchObject({ showAs: "free" });
    expect(byTitle("Canceled: Board")).toMatchObject({ isCancelled: true });

    // The busy-time query: private events carry no title; the blocking view drops declined, free and cancelled.
    const window = pullWindow({ now: h.ctx.now(), timeZone: ZONE });
    const all = await busyIntervals(h.db, { instructorIds: [instructor.id], from: window.start, to: window.end });
    expect(all.filter((b) => b.isPrivate).map((b) => b.title)).toEqual([null]);
    const blocking = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: window.start,
      to: window.end,
      blockingOnly: true,
    });
    expect(blocking.map((b) => b.title).sort()).toEqual(
      [
        null,
        "Tentative planning",
        "Unanswered sync",
        "Weekly 1:1",
        "Weekly 1:1",
        "Weekly 1:1",
        "Weekly 1:1 (moved)",
      ].sort(),
    );
    const state = (await h.db.select().from(pullStates).where(eq(pullStates.connectionId, connection.id)))[0]!;
    expect(state.deltaLink).toMatch(/deltatoken=/i);
    expect(
      (await h.db.select().from(calendarConnections).where(eq(calendarConnections.id, connection.id)))[0]!.status,
    ).toBe("connected");
  });

  it.each([true, false])("answers an expired delta token (Location sent: %s) with a baseline", async (location) => {
    const { connection, userId } = await connected("default");
    await outlook.create(userId, weeklySeries(3));
    await pastReplicationLag();
    expect((await pull(connection.id)).run.status).toBe("succeeded");
    await h.control("POST", "/delta/expire", { userId, location });
    await outlook.create(userId, timed(6, 8, "After expiry"));
    await pastReplicationLag();

    const { run } = await pull(connection.id);
    expect(run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ baseline: 1, added: 1 }) });
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
    const log = (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/calendarView/delta`))
      .value;
    expect(log.some((e) => e.status === 410)).toBe(true);
  });

  it.each([
    [400, "resyncRequired"],
    [410, "syncStateInvalid"],
  ])("answers every documented sync-state error (%i %s) with a baseline, not a failure", async (status, code) => {
    const { connection, userId } = await connected("default");
    await outlook.create(userId, timed(2, 9, "Before"));
    await pastReplicationLag();
    expect((await pull(connection.id)).run.status).toBe("succeeded");
    await h.control("POST", "/delta/expire", { userId, location: false, error: { status, code } });
    await outlook.create(userId, timed(6, 8, "After expiry"));
    await pastReplicationLag();

    const { run } = await pull(connection.id);
    expect(run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ baseline: 1, added: 1 }) });
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
  });

  it("deletes nothing when a round fails half-way, and converges on the next pull", async () => {
    const { connection, userId } = await connected("default");
    // 120 daily occurrences: a baseline takes more than one page (100 at most per page).
    await outlook.create(userId, {
      ...timed(0, 7, "Daily stand-up"),
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: iso(today()).slice(0, 10), numberOfOccurrences: 120 },
      },
    });
    await pastReplicationLag();
    expect((await pull(connection.id)).run.status).toBe("succeeded");
    const before = await mirror(connection.id);
    expect(before.length).toBe(120);

    // The token expires; the baseline that follows fails on its second page (the first request is the 410).
    await h.control("POST", "/delta/expire", { userId, location: false });
    await h.control("POST", "/faults", { userId, pathPattern: "/v1.0/me/calendarView/delta", latencyMs: 1, count: 2 });
    await h.control("POST", "/faults", { userId, pathPattern: "/v1.0/me/calendarView/delta", status: 500 });
    const failed = await pull(connection.id);
    expect(failed.result).toMatchObject({ status: "threw" });
    expect(failed.run).toMatchObject({ status: "failed", errorClass: "GraphRequestError" });
    expect(await mirror(connection.id)).toEqual(before);

    const retried = await pull(connection.id);
    expect(retried.run.status).toBe("succeeded");
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
  });

  it("holds a round that would remove more than half of the mirror until an admin confirms it", async () => {
    const { connection, userId, instructor } = await connected("default");
    const series = await outlook.create(userId, weeklySeries(8, "Team sync"));
    await outlook.create(userId, timed(2, 10, "Keep me"));
    await pastReplicationLag();
    expect((await pull(connection.id)).run.status).toBe("succeeded");
    const before = await mirror(connection.id);
    expect(before).toHaveLength(9);

    await outlook.remove(userId, series.id!);
    await pastReplicationLag();
    const held = await pull(connection.id);
    expect(held.result).toMatchObject({ status: "held", wouldRemove: 8, mirrored: 9 });
    expect(held.run).toMatchObject({ status: "failed", errorClass: "PullRoundHeldError" });
    expect(held.run.errorMessage).toMatch(/would remove 8 of 9/);
    expect(await mirror(connection.id)).toEqual(before);
    const logged = await h.db
      .select()
      .from(connectionEvents)
      .where(and(eq(connectionEvents.instructorId, instructor.id), eq(connectionEvents.kind, "pull_held")));
    expect(logged).toHaveLength(1);

    const { runId } = await confirmHeldPull({ ctx: h.ctx, instructorId: instructor.id });
    const confirmed = await pullConnection({
      ctx: h.ctx,
      input: { connectionId: connection.id, runId, confirmHeld: true },
    });
    expect(confirmed).toMatchObject({ status: "succeeded", counts: { removed: 8 } });
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
    await expect(confirmHeldPull({ ctx: h.ctx, instructorId: instructor.id })).rejects.toThrow(/not held/);
  });

  it("switching to Full Private Mode purges stored titles and the delta link at once", async () => {
    const { connection, userId, instructor } = await connected("default");
    await outlook.create(userId, timed(2, 10, "Secret project"));
    await pastReplicationLag();
    await pull(connection.id);
    expect((await mirrorOf(h.db, connection.id)).map((e) => e.title)).toEqual(["Secret project"]);

    await setPrivacyMode({ ctx: h.ctx, instructorId: instructor.id, input: { privacyMode: "full_private" } });
    const titles = await h.db
      .select({ title: externalEvents.title })
      .from(externalEvents)
      .where(eq(externalEvents.connectionId, connection.id));
    expect(titles).toEqual([{ title: null }]);
    const [state] = await h.db.select().from(pullStates).where(eq(pullStates.connectionId, connection.id));
    expect(state!.deltaLink).toBeNull();

    await h.control("DELETE", "/requests");
    expect((await pull(connection.id)).run.status).toBe("succeeded");
    const log = (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/v1.0/`)).value;
    expect(log.filter((e) => e.path.includes("/delta"))).toEqual([]);
    expect(JSON.stringify(log.map((e) => e.responseBody))).not.toContain("Secret project");
  });

  it("writes nothing read with titles when the switch to Full Private Mode lands during the pull", async () => {
    const { connection, userId, instructor } = await connected("default");
    await outlook.create(userId, timed(2, 10, "Secret merger"));
    await pastReplicationLag();
    // The switch happens after the round's last page arrived and before its write.
    const graph = h.ctx.graph!;
    const switching: ServiceContext = {
      ...h.ctx,
      graph: {
        forConnection: (...args: Parameters<MicrosoftGraph["forConnection"]>) => {
          const client = graph.forConnection(...args);
          const read = client.calendarViewDelta.bind(client);
          client.calendarViewDelta = async function* (...round) {
            yield* read(...round);
            await setPrivacyMode({ ctx: h.ctx, instructorId: instructor.id, input: { privacyMode: "full_private" } });
          };
          return client;
        },
      } as MicrosoftGraph,
    };
    const raced = await pull(connection.id, { ctx: switching });
    expect(raced.run).toMatchObject({ status: "failed", errorClass: "PrivacyModeChangedError" });
    expect(await mirrorOf(h.db, connection.id)).toEqual([]);

    const retried = await pull(connection.id);
    expect(retried.run.status).toBe("succeeded");
    expect((await mirrorOf(h.db, connection.id)).map((e) => e.title)).toEqual([null]);
  });
});

describe("Full Private Mode", () => {
  it("reads times only: no subject, body or location crosses the wire, and the mirror equals the view", async () => {
    const { connection, userId } = await connected("full_private");
    await outlook.create(userId, weeklySeries(4, "Weekly confidential"));
    await outlook.create(
      userId,
      timed(3, 14, "Dentist", {
        sensitivity: "private",
        body: { contentType: "text", content: "Root canal" },
        location: { displayName: "Harley Street" },
      }),
    );
    await outlook.create(userId, timed(4, 9, "Interview with Acme", { location: { displayName: "Acme HQ" } }));
    await h.control("DELETE", "/requests");

    const first = await pull(connection.id);
    expect(first.run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ added: 6 }) });
    const log = (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/v1.0/`)).value;
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) {
      expect(entry.path).not.toMatch(/delta/i);
      expect(entry.query.$select).toBe(FULL_PRIVATE_SELECT.join(","));
    }
    const wire = JSON.stringify(log.map((e) => e.responseBody));
    for (const secret of ["Dentist", "Root canal", "Harley Street", "Weekly confidential", "Interview", "Acme"])
      expect(wire).not.toContain(secret);

    const rows = await mirror(connection.id);
    expect(rows.every((e) => e.title === null)).toBe(true);
    expect(rows).toEqual(await view(connection, "full_private"));

    // A cancelled occurrence and a deleted event leave the mirror on the next pull (a diff, not delta).
    const occurrence = rows.find((e) => e.type === "occurrence")!;
    await outlook.remove(userId, occurrence.graphId);
    const second = await pull(connection.id);
    expect(second.run.counts).toMatchObject({ added: 0, removed: 1 });
    expect(await mirror(connection.id)).toEqual(await view(connection, "full_private"));
  });
});
