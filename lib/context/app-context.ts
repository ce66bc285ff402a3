import { getDb } from "@/db/client";
import { createContext } from "./create-context";
import type { ServiceContext } from "./service-context";

/** The context for requests and jobs: the app's database (opened once per process) and configuration. */
export async function appContext(): Promise<ServiceContext> {
  return createContext({ db: await getDb() });
}
