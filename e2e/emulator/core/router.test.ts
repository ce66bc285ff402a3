import { describe, expect, it } from "vitest";
import { Router } from "./router";
import type { Handler } from "./types";

const handler: Handler = () => ({ status: 200, headers: {}, body: "" });

describe("Router", () => {
  const router = new Router();
  router.add({ method: "POST", pattern: "/:tenant/oauth2/v2.0/token", handler });
  router.add({ method: "GET", pattern: "/v1.0/*rest", handler });

  it("binds params and matches literal segments case-insensitively", () => {
    expect(router.match("POST", "/organizations/OAuth2/v2.0/token")?.params).toEqual({ tenant: "organizations" });
    expect(router.match("GET", "/organizations/oauth2/v2.0/token")).toBeUndefined();
    expect(router.match("POST", "/organizations/oauth2/v2.0/token/extra")).toBeUndefined();
  });

  it("captures the rest of the path with a wildcard", () => {
    expect(router.match("GET", "/v1.0/me/calendarView")?.params).toEqual({ rest: "me/calendarView" });
  });
});
