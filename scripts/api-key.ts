/** Creates an /api/v1 key and prints it once: `npm run api-key -- "Booking system"`. */
import { openConfiguredDb } from "@/db/client";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { createContext } from "@/lib/context/create-context";

const name = process.argv.slice(2).join(" ").trim() || "Command line";
const opened = await openConfiguredDb();
try {
  const key = await createApiKey({ ctx: createContext({ db: opened.db }), input: { name } });
  console.log(`API key "${key.name}" (shown once, store it now):\n\n  ${key.secret}\n`);
  console.log(`Use it as: curl -H "Authorization: Bearer ${key.secret}" http://localhost:3000/api/v1/events`);
} finally {
  await opened.close();
}
