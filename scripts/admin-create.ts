/**
 * Creates an admin, typically the first owner of a deployment:
 *   npm run admin:create -- --email ada@example.com --name "Ada Lovelace" [--owner] [--no-password]
 * The password is asked for twice on a terminal, or read from the first line of stdin
 * (`printf '%s\n' "$PASSWORD" | npm run admin:create -- …`); it never appears in argv or the shell history.
 * `--no-password` creates an admin who signs in with Microsoft only.
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { openConfiguredDb } from "@/db/client";
import { createAdmin } from "@/lib/services/admins/create-admin";
import { createContext } from "@/lib/context/create-context";
import { DomainError, ValidationError } from "@/lib/errors";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    owner: { type: "boolean", default: false },
    "no-password": { type: "boolean", default: false },
  },
});
if (!values.email || !values.name) {
  console.error('Usage: npm run admin:create -- --email <address> --name "<name>" [--owner] [--no-password]');
  process.exit(2);
}

const password = values["no-password"] ? null : process.stdin.isTTY ? await askTwice() : await firstLineOfStdin();

const opened = await openConfiguredDb();
try {
  const admin = await createAdmin({
    ctx: createContext({ db: opened.db }),
    input: { email: values.email, name: values.name, role: values.owner ? "owner" : "coordinator", password },
  });
  console.log(`Admin ${admin.email} created (${admin.role}).`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  const details =
    error instanceof ValidationError
      ? Object.entries(error.fieldErrors)
          .map(([f, m]) => ` ${f}: ${m.join(", ")}`)
          .join(";")
      : "";
  console.error(`Refused: ${error.message}.${details}`);
  process.exitCode = 1;
} finally {
  await opened.close();
}

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? "";
}

/** Prompts without echoing what is typed. */
async function askTwice(): Promise<string> {
  const first = await askHidden("Password: ");
  const second = await askHidden("Repeat the password: ");
  if (first !== second) {
    console.error("The passwords differ; nothing was created.");
    process.exit(1);
  }
  return first;
}

function askHidden(prompt: string): Promise<string> {
  process.stdout.write(prompt);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) =>
    rl.question("", (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    }),
  );
}
