import { Inngest } from "inngest";

/** Inngest reads INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY and INNGEST_DEV itself (documented in lib/env.ts). */
export const inngest = new Inngest({ id: "calendar-sync" });
