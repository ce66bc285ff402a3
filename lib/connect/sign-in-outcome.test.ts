import { expect, it } from "vitest";
import { classifySignInError } from "./sign-in-outcome";

it.each([
  ["consent_required", "AADSTS65001: The user or administrator has not consented", "admin_approval"],
  ["access_denied", "AADSTS90094: The grant requires admin permission.", "admin_approval"],
  ["invalid_request", "AADSTS90095: Admin consent is required", "admin_approval"],
  ["access_denied", "AADSTS65004: User declined to consent to access the app.", "cancelled"],
  ["access_denied", undefined, "cancelled"],
  ["server_error", "AADSTS50000: There was an error issuing a token.", "failed"],
  ["temporarily_unavailable", undefined, "failed"],
] as const)("%s %s → %s", (error, description, expected) => {
  expect(classifySignInError(error, description)).toBe(expected);
});
