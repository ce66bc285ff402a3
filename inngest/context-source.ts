import type { ServiceContext } from "@/lib/context/service-context";

/**
 * Where a job's steps get their ServiceContext: the app's (lib/context/app-context.ts) when served
 * or run in-process, a test's own in tests. Given to `createFunctions`, never looked up globally.
 */
export type ContextSource = () => Promise<ServiceContext>;
