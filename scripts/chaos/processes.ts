/**
 * The processes of a chaos run: the Microsoft 365 emulator on its own (`scripts/emulator.ts`, so its
 * mailboxes outlive the app), the app as `npm run dev` pointed at it, and the PGlite helpers that run
 * while the app is stopped. Each long-lived process leads a process group of its own, so "kill the
 * app" is one SIGKILL to the group: the npm wrapper, tsx, `next dev` and its workers at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type EmulatorEnv = Record<string, string>;

/** A port nobody listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`, { cause: lastError });
    await sleep(intervalMs);
  }
}

/** `npm run emulator` on `port`; resolves with the environment it prints once it listens. */
export async function startEmulator(port: number, logPath: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts"], {
    env: { ...process.env, EMULATOR_PORT: String(port), EMULATOR_PROFILE: "clean" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logPath);
  child.stderr!.pipe(log);
  let printed = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
    log.write(chunk);
  });
  await waitFor(
    "the emulator to print its environment",
    async () => {
      if (child.exitCode !== null) throw new Error(`the emulator exited (${child.exitCode}); see ${logPath}`);
      if (printed.includes("already running")) throw new Error(`port ${port} already had an emulator`);
      return printed.includes("Control API") ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
  const env: EmulatorEnv = {};
  for (const [, name, value] of printed.matchAll(/^export (\w+)='([^']*)'$/gm)) env[name!] = value!;
  return { child, env, httpUrl: `http://localhost:${port}` };
}

/**
 * The app as the README starts it (`npm run dev`), on `dataDir`, pointed at the separate emulator:
 * with AZURE_AD_CLIENT_ID set, scripts/dev.ts starts no emulator of its own. Output goes to `logPath`.
 */
export function startApp({
  port,
  dataDir,
  emulatorEnv,
  logPath,
}: {
  port: number;
  dataDir: string;
  emulatorEnv: EmulatorEnv;
  logPath: string;
}): ChildProcess {
  const log = createWriteStream(logPath, { flags: "a" });
  log.write(`\n===== npm run dev (port ${port}) started at ${new Date().toISOString()} =====\n`);
  const child = spawn("npm", ["run", "dev"], {
    env: {
      ...process.env,
      ...emulatorEnv,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      NODE_ENV: "development",
      // scripts/dev.ts sets these itself only when it starts the emulator.
      AZURE_AD_ADMIN_TENANT: "calendar-sync.local",
      ALLOW_HTTP_NOTIFICATIONS: "true",
      INNGEST_EVENT_KEY: "",
      INNGEST_DEV: "",
      SMTP_URL: "",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

/** Whether any process of the group `pgid` is still alive. */
function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the whole process group `child` leads and waits until none of it is left. */
export async function killGroup(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = 15_000) {
  const pgid = child.pid!;
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, signal);
  try {
    await waitFor(`process group ${pgid} to exit`, async () => (groupAlive(pgid) ? undefined : true), {
      timeoutMs,
      intervalMs: 100,
    });
  } catch (error) {
    if (signal === "SIGKILL") throw error;
    process.kill(-pgid, "SIGKILL");
    await waitFor(`process group ${pgid} to die`, async () => (groupAlive(pgid) ? undefined : true), {
      timeoutMs: 5_000,
    });
  }
}

/** Runs a tsx helper on the run's database (the app must be stopped) and parses the JSON of its last line. */
export async function runDataHelper<T>(script: string, dataDir: string, arg: unknown): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(arg)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${out}`);
  return JSON.parse(out.trim().split("\n").at(-1)!) as T;
}
