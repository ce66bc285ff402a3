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
} from "./errors";

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
