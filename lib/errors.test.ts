import { describe, expect, it } from "vitest";
import {
  actionFailureText,
  BadRequestError,
  ConflictError,
  errorResponse,
  ForbiddenError,
  NotFoundError,
  toActionResult,
  toHttpError,
  UnauthorizedError,
  ValidationError,
  ServiceUnavailableError,
  MicrosoftUnavailableError,
} from "./errors";
import { JobRuntimeStoppedError } from "@/inngest/runtime/errors";

/** As drizzle throws a driver's error: its own "Failed query" error with the driver's (code-carrying) one as cause. */
const driverError = (code: string) =>
  new Error("Failed query: update ...", { cause: Object.assign(new Error("driver says no"), { code }) });

describe("the one mapping from domain errors", () => {
  it.each([
    [new BadRequestError("The request body is not valid JSON"), 400, "bad_request"],
    [new UnauthorizedError("Sign in as an admin"), 401, "unauthorized"],
    [new ForbiddenError("No"), 403, "forbidden"],
    [new NotFoundError("Event", "x"), 404, "not_found"],
    [new ConflictError("Taken", { email: ["Already used"] }), 409, "conflict"],
    [new ValidationError({ name: ["Required"] }), 422, "validation_failed"],
    [new Error("bug"), 500, "internal_error"],
  ])("maps %s to HTTP %i", async (error, status, code) => {
    expect(toHttpError(error)).toMatchObject({ status, body: { error: { code } } });
    const response = errorResponse(error);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("keeps a NotFoundError's own message when given one", () => {
    expect(toHttpError(new NotFoundError("Page", "/x", "Not found")).body.error.message).toBe("Not found");
  });

  it("turns form errors into action failures and one line of text, and rethrows bugs", () => {
    const validation = toActionResult(new ValidationError({ instructorIds: ["Select at least one instructor"] }));
    expect(validation).toMatchObject({ ok: false, fieldErrors: { instructorIds: ["Select at least one instructor"] } });
    expect(actionFailureText(validation)).toBe("Select at least one instructor");
    expect(actionFailureText(toActionResult(new ConflictError("Try again")))).toBe("Try again");
    expect(() => toActionResult(new Error("bug"))).toThrow("bug");
  });
});

describe("busy or restarting: 503 with Retry-After, never 500", () => {
  it.each([
    ["a deadlock (40P01)", driverError("40P01"), 1],
    ["a serialization failure (40001)", driverError("40001"), 1],
    ["a lock wait timeout (55P03)", driverError("55P03"), 1],
    ["a statement timeout (57014)", driverError("57014"), 5],
    ["too many connections (53300)", driverError("53300"), 5],
    ["postgres.js's CONNECT_TIMEOUT", driverError("CONNECT_TIMEOUT"), 5],
    ["a refused socket", driverError("ECONNREFUSED"), 10],
    ["a server shutting down (57P01)", driverError("57P01"), 10],
    ["a lost connection (08006)", driverError("08006"), 10],
    ["PGlite closing with the process", new Error("Failed query", { cause: new Error("PGlite is closed") }), 10],
    ["the job runtime shutting down", new JobRuntimeStoppedError("The job runtime is shutting down"), 10],
    ["Microsoft throttling", new MicrosoftUnavailableError("429", 42_500), 43],
    ["a typed ServiceUnavailableError", new ServiceUnavailableError("Busy", 7), 7],
  ])("maps %s to 503 with Retry-After %i", async (_, error, seconds) => {
    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(String(seconds));
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "service_unavailable", message: expect.stringContaining(`${seconds} s`) });
    expect(toActionResult(error)).toMatchObject({
      ok: false,
      retryAfterSeconds: seconds,
      message: `The system is busy right now. Please try again in ${seconds} s.`,
    });
  });

  it("leaves constraint violations and bugs alone", () => {
    expect(toHttpError(driverError("23505")).status).toBe(500);
    expect(toHttpError(driverError("22P02")).status).toBe(500);
    expect(toHttpError(new Error("PGlite is closed, or so a bug says")).status).toBe(500);
  });
});
