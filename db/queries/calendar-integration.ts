import { asc, desc, eq, ilike, or } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { containsPattern } from "./like";
import { calendarConnections, instructors, invitations } from "../schema";
import { syncStatusByConnection, noSyncYet } from "./sync-status";
import { pushCountsByInstructor } from "./push-status";
import { latestPullRuns, type LatestPull } from "./sync-runs";
import { noPullHealthYet, pullHealthByConnection } from "./calendar-health";
import { connectionHealth, type ConnectionHealth } from "@/lib/sync/connection-health";
import { integrationStatus, type IntegrationStatus } from "@/lib/connect/integration-status";
import { isDisconnected, isLive } from "@/lib/sync/connection-state";
import type { PrivacyMode } from "@/lib/connect/what-is-shared";

export type CalendarIntegrationRow = {
  instructorId: string;
  name: string;
  email: string;
  timeZone: string;
  status: IntegrationStatus;
  privacyMode: PrivacyMode | null;
  microsoftUsername: string | null;
  invitedAt: Date | null;
  invitationExpiresAt: Date | null;
  connectedAt: Date | null;
  lastSyncAt: Date | null;
  nextSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Push entries confirmed in Outlook, and entries whose last attempt failed. */
  pushed: number;
  pushFailed: number;
  /** The newest pull: queued, running, done with its counts, or failed with the reason. */
  lastPull: LatestPull | null;
  /** The newest removal while the calendar is not connected again: queued, running, done with counts, or failed. */
  lastRemoval: LatestPull | null;
  /** Connected, Syncing, Held, Error with its retry, Stale, or the integration status (lib/sync/connection-health.ts). */
  health: ConnectionHealth;
  /** Outlook events in the mirror (our own entries excluded) and how many are private. */
  mirrored: number;
  mirroredPrivate: number;
};

/** Every instructor with their calendar connection and newest invitation, for the admin table. */
export async function listCalendarIntegration(
  db: DbOrTx,
  params: { now: Date; search?: string; status?: IntegrationStatus },
): Promise<CalendarIntegrationRow[]> {
  const pattern = params.search ? containsPattern(params.search) : null;
  const [rows, latestInvitations] = await Promise.all([
    db
      .select({ instructor: instructors, connection: calendarConnections })
      .from(instructors)
      .leftJoin(calendarConnections, eq(calendarConnections.instructorId, instructors.id))
      .where(pattern ? or(ilike(instructors.name, pattern), ilike(instructors.email, pattern)) : undefined)
      .orderBy(asc(instructors.name)),
    db
      .selectDistinctOn([invitations.instructorId])
      .from(invitations)
      .orderBy(invitations.instructorId, desc(invitations.createdAt)),
  ]);
  const invitationOf = new Map(latestInvitations.map((i) => [i.instructorId, i]));
  const connectionIds = rows.flatMap((r) => (r.connection ? [r.connection.id] : []));
  const [syncOf, pullOf, pushOf, removalOf] = await Promise.all([
    syncStatusByConnection(db, connectionIds),
    pullHealthByConnection(db, connectionIds),
    pushCountsByInstructor(
      db,
      rows.map((r) => r.instructor.id),
    ),
    latestPullRuns(db, connectionIds, "removal"),
  ]);
  return rows
    .map(({ instructor, connection }) => {
      const invitation = invitationOf.get(instructor.id) ?? null;
      const sync = (connection && syncOf.get(connection.id)) || noSyncYet;
      const pull = (connection && pullOf.get(connection.id)) || noPullHealthYet;
      const status = integrationStatus(connection, invitation, params.now);
      const connectedAt = isDisconnected(connection?.status) ? null : (connection?.connectedAt ?? null);
      const health = connectionHealth({
        integrationStatus: status,
        connectedAt,
        newestPull: pull.newestPull,
        lastPullAt: pull.lastPullAt,
        queuedDueAt: isLive(connection?.status) ? sync.nextSyncAt : null,
        now: params.now,
      });
      return {
        instructorId: instructor.id,
        name: instructor.name,
        email: instructor.email,
        timeZone: instructor.timeZone,
        status,
        privacyMode: connection?.privacyMode ?? null,
        microsoftUsername: connection?.microsoftUsername ?? null,
        invitedAt: invitation?.createdAt ?? null,
        invitationExpiresAt: invitation?.expiresAt ?? null,
        connectedAt,
        lastSyncAt: sync.lastSyncAt,
        // A queued run, a retry, else the next hourly pull (null when not connected).
        nextSyncAt: health.nextSyncAt,
        lastError: sync.lastError?.message ?? null,
        lastErrorAt: sync.lastError?.at ?? null,
        pushed: pushOf.get(instructor.id)?.pushed ?? 0,
        pushFailed: pushOf.get(instructor.id)?.failed ?? 0,
        lastPull: pull.newestPull && {
          status: pull.newestPull.status,
          counts: pull.newestPull.counts,
          error: pull.newestPull.errorMessage ?? pull.newestPull.errorClass,
          finishedAt: pull.newestPull.finishedAt,
        },
        lastRemoval: (connection && isDisconnected(connection.status) && removalOf.get(connection.id)) || null,
        health,
        mirrored: pull.mirrored,
        mirroredPrivate: pull.mirroredPrivate,
      } satisfies CalendarIntegrationRow;
    })
    .filter((row) => !params.status || row.status === params.status);
}
