import type { DbOrTx } from "@/db/types";

/** What every service needs from the outside world, passed in so tests control it. */
export type ServiceContext = {
  db: DbOrTx;
  now: () => Date;
};

export function systemContext(db: DbOrTx): ServiceContext {
  return { db, now: () => new Date() };
}
