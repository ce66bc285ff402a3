import { InProcessMailboxLimiter, type MailboxLimiter } from "./mailbox-limiter";
import { PostgresMailboxLimiter } from "./postgres-mailbox-limiter";

/**
 * One limiter per process. With PostgreSQL (`DATABASE_URL`) every instance shares the mailbox
 * slots through advisory locks; on the embedded PGlite there is only this process.
 */
export function createMailboxLimiter(options: { databaseUrl?: string }): MailboxLimiter {
  return options.databaseUrl ? new PostgresMailboxLimiter(options.databaseUrl) : new InProcessMailboxLimiter();
}
