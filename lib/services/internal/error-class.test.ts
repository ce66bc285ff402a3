import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { AccessRevokedError } from "@/lib/errors";
import { GraphThrottledError } from "@/lib/graph/errors";
import { errorClassOf } from "./error-class";

describe("errorClassOf (the stored sync_runs.error_class)", () => {
  it.each([
    [new GraphThrottledError("429", 5000), "GraphThrottledError"],
    [new AccessRevokedError("consent gone"), "AccessRevokedError"],
    [new DrizzleQueryError("select 1", [], new Error("connection reset")), "DrizzleQueryError"],
    [new TypeError("fetch failed"), "TypeError"],
    [new Error("plain"), "Error"],
    ["a thrown string", "Error"],
    [null, "Error"],
  ])("%s → %s", (error, expected) => {
    expect(errorClassOf(error)).toBe(expected);
  });
});
