/**
 * `npm run chaos`: proves the durable job runtime with the real server killed. Starts the Microsoft 365
 * emulator as its own process (its mailboxes must outlive the app) and `npm run dev` on a fresh DATA_DIR
 * pointed at it; connects two instructors; removes one's calendar (a removal) and books the other (a
 * push), holds each job's Outlook writes in the emulator and, while both are mid-flight, SIGKILLs the
 * app's whole process group. The held writes land in Outlook while the app is dead; the app is started
 * again on the same data and the invariants are checked: the booking is exactly one entry per session in
 * Outlook, and the removal completes (disconnected, nothing of the calendar held, none of our entries
 * left in Outlook). Prints what it checked; exits non-zero when an invariant is broken.
 * `--keep` keeps the run's folder (DATA_DIR and logs) even when it passes; `--strict` fails on known bugs too
 * (KNOWN_BUGS in invariants.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Checks, step } from "./checks";
import { holdWrites } from "./held-writes";
import type { InspectResult } from "./inspect-data";
import { checkDatabase, checkPush, checkRemovalOutcome } from "./invariants";
import { freePort, killGroup, runDataHelper, startApp, startEmulator, waitFor } from "./processes";
import { connectOverHttp, emulatorControl, productApi, syncKeyOf } from "./product";
import type { SetupResult } from "./setup-data";

/**
 * How long the emulator holds the removal's deletes and the push's creates. The removal is caught first,
 * so its hold must outlast the booking's way to its create: 1–2 s on an idle machine, 5–12 s seen on a
 * loaded one (load average 10 on 2 cores). The push's hold only needs to outlast the kill.
 */
const REMOVAL_HOLD_MS = 20_000;
const PUSH_HOLD_MS = 5_000;

const runDir = mkdtempSync(path.join(tmpdir(), "calendar-sync-chaos-"));
const dataDir = path.join(runDir, "data");
const appLog = path.join(runDir, "app.log");
const checks = new Checks(process.argv.includes("--strict"));
const processes: { app?: ReturnType<typeof startApp>; emulator?: Awaited<ReturnType<typeof startEmulator>> } = {};

/** Wall-clock time in Europe/London, `days` from today, at `hour`:00. */
function sessionAt(days: number, hour: number) {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${date}T${String(hour).padStart(2, "0")}:00`;
}

async function main() {
  const [emulatorPort, appPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${appPort}`;
  step(`run folder ${runDir} (DATA_DIR, logs); emulator :${emulatorPort}, app :${appPort}`);
  const domain = `chaos-${Date.now().toString(36)}.example`;
  const people = [
    { name: "Pat Pusher", email: `pat@${domain}` },
    { name: "Rae Remover", email: `rae@${domain}` },
  ];

  step("starting the emulator alone; setting up the database (demo data, two instructors, API key, invitations)");
  const [emulator, setup] = await Promise.all([
    startEmulator(emulatorPort, path.join(runDir, "emulator.log")),
    runDataHelper<SetupResult>("scripts/chaos/setup-data.ts", dataDir, people),
  ]);
  processes.emulator = emulator;
  const outlook = emulatorControl(emulator.httpUrl);
  const { id: tenantId } = await outlook.createTenant(domain);
  await outlook.consentTenant(tenantId);
  const [patMailbox, raeMailbox] = [
    (await outlook.createUser(tenantId, people[0]!)).id,
    (await outlook.createUser(tenantId, people[1]!)).id,
  ];
  const [pat, rae] = setup.instructors as [SetupResult["instructors"][0], SetupResult["instructors"][0]];
  const api = productApi(appUrl, setup.apiKey);

  step("starting npm run dev");
  processes.app = startApp({ port: appPort, dataDir, emulatorEnv: emulator.env, logPath: appLog });
  await appReady(() => api.ready());
  const warmedUp = api.warmUp();

  const pushEvent = await api.createEvent({
    title: "Chaos push course",
    sessions: [8, 9].map((d) => ({ start: sessionAt(d, 9), end: sessionAt(d, 12) })),
  });
  const removalEvent = await api.createEvent({
    title: "Chaos removal course",
    sessions: [11, 12, 13].map((d) => ({ start: sessionAt(d, 14), end: sessionAt(d, 17) })),
  });
  await api.book(removalEvent.id, rae.id);

  await warmedUp;
  step("connecting both instructors (the sign-in over HTTP); waiting for their first pull and push");
  for (const person of [pat, rae])
    await connectOverHttp({
      appUrl,
      emulatorHttpUrl: emulator.httpUrl,
      emulatorHttpsUrl: emulator.env.MS_GRAPH_URL!,
      token: person.connectToken,
      email: person.email,
    });
  await waitFor(
    "the first syncs to finish and Rae's 3 entries to be in Outlook",
    async () => {
      const runs = [...(await api.syncRuns(pat.id)), ...(await api.syncRuns(rae.id))];
      const status = await api.pushStatus(removalEvent.id);
      const settled =
        runs.filter((r) => r.kind === "pull").length === 2 &&
        runs.every((r) => r.status === "succeeded") &&
        status.filter((s) => s.status === "in_outlook").length === 3;
      return settled || undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  step(`connected; Rae has ${(await outlook.events(raeMailbox)).filter(syncKeyOf).length} of our entries in Outlook`);

  // The chaos: each job is caught with its Outlook writes sent and held, then the app is killed under both.
  // Between the removal's deletes arriving and the kill only the booking's way to its creates may pass, so
  // the loops that wait ask the emulator alone (a separate, idle process), and the run's status is asked
  // while the booking goes on.
  const deletes = await holdWrites(outlook, {
    method: "DELETE",
    userId: raeMailbox,
    pathPattern: "/events/",
    latencyMs: REMOVAL_HOLD_MS,
    count: 3,
  });
  const creates = await holdWrites(outlook, {
    method: "POST",
    userId: patMailbox,
    pathPattern: "/events",
    latencyMs: PUSH_HOLD_MS,
    count: 2,
  });
  const { runId: removalRunId } = await api.removeCalendar(rae.id);
  const arrived = (held: typeof deletes, what: string) =>
    waitFor(what, async () => (await held.held()) || undefined, { timeoutMs: 30_000, intervalMs: 50 });
  await arrived(deletes, "Rae's removal to be mid-sweep (its deletes held in Outlook)");
  const removalStatus = api.syncRun(removalRunId);
  step("removal mid-sweep (its deletes held); booking Pat on a 2-session event");
  await api.book(pushEvent.id, pat.id);
  await arrived(creates, "Pat's push to be mid-create (its creates held in Outlook)");
  const { status: removalAtKill } = await removalStatus;
  if (removalAtKill !== "running") throw new Error(`the removal run was ${removalAtKill}, not running, mid-sweep`);
  if (!(await deletes.held()))
    throw new Error(`the removal's deletes were answered before the kill: raise REMOVAL_HOLD_MS`);
  const killedAt = Date.now();
  step("both jobs mid-flight (removal run running, both jobs' writes held): SIGKILL to the app's process group");
  await killGroup(processes.app, "SIGKILL");
  await outlook.clearFaults();

  const landed = await waitFor(
    "the held writes to land in Outlook",
    async () => {
      const [posts, dels] = [await creates.answered(), await deletes.answered()];
      return posts.length > 0 && dels.length > 0 ? [...posts, ...dels] : undefined;
    },
    { timeoutMs: REMOVAL_HOLD_MS + 10_000 },
  );
  checks.check(
    "the chaos as planned: both jobs' writes reached Outlook only after the kill",
    landed.every((r) => r.finishedAtMs > killedAt),
    landed.map((r) => `${r.method} ${r.status} +${((r.finishedAtMs - killedAt) / 1000).toFixed(1)} s`).join(", "),
  );
  step(
    `while the app was dead Outlook took the writes: Pat has ${(await outlook.events(patMailbox)).filter(syncKeyOf).length} of our entries, Rae ${(await outlook.events(raeMailbox)).filter(syncKeyOf).length}`,
  );

  step("restarting npm run dev on the same DATA_DIR");
  processes.app = startApp({ port: appPort, dataDir, emulatorEnv: emulator.env, logPath: appLog });
  await appReady(() => api.ready(`/sync-runs/${removalRunId}`));
  const restartedAt = Date.now();
  const since = () => `${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`;
  const removalRun = await waitFor(
    "the removal run to finish",
    async () => {
      const run = await api.syncRun(removalRunId);
      return run.status === "succeeded" || run.status === "failed" ? run : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  ).catch(async () => api.syncRun(removalRunId));
  step(`removal run ${removalRun.status}, ${since()}`);
  const isPats = (r: { instructorId: string }) => r.instructorId === pat.id;
  // A resumed run converges within a second or two of the restart (the removal's does); 20 s is ample.
  const pushStatus = await waitFor(
    "Pat's booking to be in Outlook",
    async () => {
      const rows = (await api.pushStatus(pushEvent.id)).filter(isPats);
      return rows.length === 2 && rows.every((r) => r.status === "in_outlook") ? rows : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 500 },
  ).catch(async () => (await api.pushStatus(pushEvent.id)).filter(isPats));
  step(`Pat's booking: ${pushStatus.map((r) => r.status).join(", ")}, ${since()}`);

  step("checking the invariants");
  console.log("Push (Pat booked on a 2-session active event, killed while Outlook held the creates):");
  const sessionIds = pushEvent.sessions.map((s) => s.id);
  checkPush(checks, { sessionIds, outlookEvents: await outlook.events(patMailbox), pushStatus });
  console.log("Removal (Rae's calendar, killed while Outlook held the deletes):");
  checkRemovalOutcome(checks, { run: removalRun, outlookEvents: await outlook.events(raeMailbox) });
  step("stopping the app (SIGTERM) to read its database");
  await killGroup(processes.app, "SIGTERM", 20_000);
  const held = await runDataHelper<InspectResult>("scripts/chaos/inspect-data.ts", dataDir, [pat.id, rae.id]);
  console.log("Database:");
  checkDatabase(checks, held, { pushed: { instructorId: pat.id, sessionIds }, removed: { instructorId: rae.id } });
}

async function appReady(probe: () => Promise<boolean>) {
  const started = Date.now();
  await waitFor("the app to answer", async () => ((await probe()) ? true : undefined), {
    timeoutMs: 120_000,
    intervalMs: 500,
  });
  step(`app ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function cleanUp() {
  if (processes.app) await killGroup(processes.app, "SIGKILL").catch(() => undefined);
  if (processes.emulator) await killGroup(processes.emulator.child, "SIGTERM").catch(() => undefined);
}

// The children lead process groups of their own, out of reach of the terminal's Ctrl+C: stop them here.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

let exitCode = 1;
try {
  await main();
  console.log(`\n${checks.ok ? "PASSED" : "FAILED"}: ${checks.summary()}`);
  exitCode = checks.ok ? 0 : 1;
} catch (error) {
  console.error(`\nFAILED: the run could not complete: ${error instanceof Error ? error.stack : String(error)}`);
  if (error instanceof Error && error.cause) console.error("cause:", error.cause);
  console.error(`\nlast lines of the app's log (${appLog}):`);
  try {
    console.error(readFileSync(appLog, "utf8").split("\n").slice(-40).join("\n"));
  } catch {
    console.error("(no log)");
  }
} finally {
  await cleanUp();
  if (exitCode === 0 && !process.argv.includes("--keep")) rmSync(runDir, { recursive: true, force: true });
  else console.error(`kept ${runDir} (DATA_DIR and logs) for a look`);
}
process.exit(exitCode);
