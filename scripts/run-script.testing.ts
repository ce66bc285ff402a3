import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fresh embedded database folder for one command-line test. */
export const freshDataDir = () => mkdtempSync(path.join(tmpdir(), "calendar-sync-cli-"));

/** Runs `scripts/<name>` as `npm run` would, on the embedded database in `dataDir`, feeding `stdin`. */
export function runScript(
  name: string,
  args: string[],
  options: { dataDir: string; stdin?: string; env?: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", name), ...args], {
      env: { ...process.env, NODE_ENV: "development", DATABASE_URL: "", DATA_DIR: options.dataDir, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
