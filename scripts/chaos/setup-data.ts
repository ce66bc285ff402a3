/**
 * Child of `npm run chaos`, run while the app is stopped (PGlite has one user at a time): loads the
 * demo data into the run's fresh DATA_DIR as `npm run dev` would, adds the run's instructors, an API
 * key and an invitation each, and prints them as one JSON line for the orchestrator.
 * Usage: DATA_DIR=… tsx scripts/chaos/setup-data.ts '[{"name":"…","email":"…"}]'
 */
import { openConfiguredDb } from "@/db/client";
import { listDevOutbox } from "@/db/queries/dev-outbox";
import { seedDemoDataIfEmpty } from "@/db/seed/seed-demo";
import { createContext } from "@/lib/context/create-context";
import { discardJobs } from "@/lib/jobs/jobs";
import { linksIn } from "@/lib/mail/render";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { sendInvitations } from "@/lib/services/connect/send-invitations";
import { createInstructor } from "@/lib/services/training/create-instructor";

export type SetupResult = {
  apiKey: string;
  instructors: { id: string; name: string; email: string; connectToken: string }[];
};

const people = JSON.parse(process.argv[2] ?? "[]") as { name: string; email: string }[];
const opened = await openConfiguredDb();
try {
  await seedDemoDataIfEmpty(opened.db, { now: new Date() });
  const ctx = createContext({ db: opened.db, jobs: discardJobs });
  const { secret } = await createApiKey({ ctx, input: { name: "chaos check" } });
  const instructors: SetupResult["instructors"] = [];
  for (const person of people) {
    const row = await createInstructor({ ctx, input: { ...person, timeZone: "Europe/London" } });
    await sendInvitations({ ctx, input: { instructorIds: [row.id] } });
    const [mail] = await listDevOutbox(opened.db, { to: row.email, limit: 1 });
    const token = linksIn(mail?.html ?? "")
      .map((link) => /\/connect\/([A-Za-z0-9_-]{20,})$/.exec(link)?.[1])
      .find(Boolean);
    if (!token) throw new Error(`no invitation link was mailed to ${row.email}`);
    instructors.push({ id: row.id, name: row.name, email: row.email, connectToken: token });
  }
  console.log(JSON.stringify({ apiKey: secret, instructors } satisfies SetupResult));
} finally {
  await opened.close();
}
