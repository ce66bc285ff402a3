import { describe, expect, it } from "vitest";
import { createEmptyState } from "../state";
import { addFault, isTokenEndpoint, pathMatches, takeFault } from "./faults";
import type { EmulatorRequest } from "./types";

describe("fault matching", () => {
  it.each([
    ["/oauth2/v2.0/token", "/organizations/oauth2/v2.0/token", true],
    ["/v1.0/me/calendarView*", "/v1.0/me/calendarView/delta", true],
    ["/v1.0/$batch", "/v1.0/$batch", true],
    ["/v1.0/$batch", "/v1.0/me", false],
    ["/^\\/v1\\.0\\/users\\/[^/]+\\/events$/", "/v1.0/users/abc/events", true],
    ["/^\\/v1\\.0\\/users\\/[^/]+\\/events$/", "/v1.0/users/abc/events/1", false],
  ])("%s vs %s -> %s", (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  it("consumes `count` uses and filters by method and user", () => {
    const state = createEmptyState();
    addFault(state, { method: "post", userId: "u1", status: 503, count: 2 });
    const req = (method: string, userId?: string) =>
      ({ method, path: "/x", ...(userId ? { userId } : {}) }) as EmulatorRequest;
    expect(takeFault(state, req("GET", "u1"))).toBeUndefined();
    expect(takeFault(state, req("POST", "u2"))).toBeUndefined();
    expect(takeFault(state, req("POST", "u1"))?.status).toBe(503);
    expect(takeFault(state, req("POST", "u1"))?.status).toBe(503);
    expect(takeFault(state, req("POST", "u1"))).toBeUndefined();
    expect(state.faults).toHaveLength(0);
  });

  it("recognises the token endpoint", () => {
    expect(isTokenEndpoint("/common/oauth2/v2.0/token")).toBe(true);
    expect(isTokenEndpoint("/common/oauth2/v2.0/authorize")).toBe(false);
  });
});
