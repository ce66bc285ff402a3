import { and, asc, desc, eq, ilike, or } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { containsPattern } from "./like";
import { calendarConnections, instructors, invitations } from "../schema";
import { blockedTenantDomains, domainOf } from "./tenant-approval";
import { runAttemptsByConnection } from "./run-attempts";
import { runProgress, type RunProgress } from "@/lib/sync/run-progress";
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
  /** The newest pull or removal still queued or running: elapsed time, attempt, a retry waiting for Microsoft. */
  progress: RunProgress | null;
  /** Mirrored events (db/queries/mirrored-counts.ts, the one definition) and how many are private. */
  mirrored: number;
  mirroredPrivate: number;
};

/** Every instructor with their calendar connection and newest invitation, for the admin table. */
export async function listCalendarIntegration(
  db: DbOrTx,
  params: { now: Date; search?: string; status?: IntegrationStatus; instructorId?: string },
): Promise<CalendarIntegrationRow[]> {
  const pattern = params.search ? containsPattern(params.search) : null;
  const [rows, latestInvitations, blockedDomains] = await Promise.all([
    db
      .select({ instructor: instructors, connection: calendarConnections })
      .from(instructors)
      .leftJoin(calendarConnections, eq(calendarConnections.instructorId, instructors.id))
      .where(
        and(
          pattern ? or(ilike(instructors.name, pattern), ilike(instructors.email, pattern)) : undefined,
          // The instructor page reads its header through this same query, so its figures are the table's.
          params.instructorId ? eq(instructors.id, params.instructorId) : undefined,
        ),
      )
      .orderBy(asc(instructors.name)),
    db
      .selectDistinctOn([invitations.instructorId])
      .from(invitations)
      .where(params.instructorId ? eq(invitations.instructorId, params.instructorId) : undefined)
      .orderBy(invitations.instructorId, desc(invitations.createdAt)),
    blockedTenantDomains(db),
  ]);
  const invitationOf = new Map(latestInvitations.map((i) => [i.instructorId, i]));
  const connectionIds = rows.flatMap((r) => (r.connection ? [r.connection.id] : []));
  const [syncOf, pullOf, pushOf, removalOf, attemptOf] = await Promise.all([
    syncStatusByConnection(db, connectionIds),
    pullHealthByConnection(db, connectionIds),
    pushCountsByInstructor(
      db,
      rows.map((r) => r.instructor.id),
    ),
    latestPullRuns(db, connectionIds, "removal"),
    runAttemptsByConnection(db, connectionIds),
  ]);
  return rows
    .map(({ instructor, connection }) => {
      const invitation = invitationOf.get(instructor.id) ?? null;
      const sync = (connection && syncOf.get(connection.id)) || noSyncYet;
      const pull = (connection && pullOf.get(connection.id)) || noPullHealthYet;
      const status = integrationStatus(connection, invitation, params.now, {
        tenantNeedsApproval: blockedDomains.has(domainOf(instructor.email)),
      });
      // A removed calendar shows nothing of the connection it was: no account, privacy mode or last result.
      const gone = isDisconnected(connection?.status);
      const connectedAt = gone ? null : (connection?.connectedAt ?? null);
      const removal = (connection && gone && removalOf.get(connection.id)) || null;
      const unfinished = [!gone ? pull.newestPull : null, removal].find(
        (run) => run?.status === "queued" || run?.status === "running",
      );
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
        privacyMode: gone ? null : (connection?.privacyMode ?? null),
        microsoftUsername: gone ? null : (connection?.microsoftUsername ?? null),
        invitedAt: invitation?.createdAt ?? null,
        invitationExpiresAt: invitation?.expiresAt ?? null,
        connectedAt,
        // "Last synced" is one figure everywhere: the newest successful pull (as the event page says it).
        lastSyncAt: gone ? null : pull.lastPullAt,
        // A queued run, a retry, else the next hourly pull (null when not connected).
        nextSyncAt: health.nextSyncAt,
        lastError: gone ? null : (sync.lastError?.message ?? null),
        lastErrorAt: gone ? null : (sync.lastError?.at ?? null),
        pushed: pushOf.get(instructor.id)?.pushed ?? 0,
        pushFailed: pushOf.get(instructor.id)?.failed ?? 0,
        lastPull:
          gone || !pull.newestPull
            ? null
            : {
                status: pull.newestPull.status,
                counts: pull.newestPull.counts,
                error: pull.newestPull.errorMessage ?? pull.newestPull.errorClass,
                errorClass: pull.newestPull.errorClass,
                finishedAt: pull.newestPull.finishedAt,
                queuedAt: pull.newestPull.queuedAt,
                startedAt: pull.newestPull.startedAt,
              },
        lastRemoval: removal,
        progress:
          unfinished && connection
            ? runProgress({
                status: unfinished.status as "queued" | "running",
                queuedAt: unfinished.queuedAt ?? params.now,
                startedAt: unfinished.startedAt ?? null,
                attempt: attemptOf.get(connection.id) ?? null,
                now: params.now,
              })
            : null,
        health,
        mirrored: pull.mirrored,
        mirroredPrivate: pull.mirroredPrivate,
      } satisfies CalendarIntegrationRow;
    })
    .filter((row) => !params.status || row.status === params.status);
}
