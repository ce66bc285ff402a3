import { ForbiddenError } from "@/lib/errors";
import type { ApiKeyScope } from "./api-key-scopes";

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** A read key may only read: anything else is 403 (the key is fine, the request is not allowed). */
export function assertScopeAllows(scope: ApiKeyScope, method: string) {
  if (scope === "read" && !readOnlyMethods.has(method.toUpperCase()))
    throw new ForbiddenError("This API key is read-only; use a read-write key to change data");
}
