import { expect, it } from "vitest";
import { adminConsentMessages, messageFor, problemMessages, safeConnectPath } from "./public-messages";

it("turns only known codes into text", () => {
  expect(messageFor(problemMessages, "account_in_use")?.title).toBe(
    "This Microsoft account is already connected for someone else",
  );
  expect(messageFor(adminConsentMessages, "link_used")).toBe(adminConsentMessages.link_used);
  for (const crafted of ["Your account is locked, call +1 555 0100", "toString", "__proto__", "", undefined])
    expect(messageFor(problemMessages, crafted)).toBeUndefined();
});

it("accepts only a path into an invitation's wizard", () => {
  expect(safeConnectPath("/connect/abcdefghijklmnopqrstuvwxyz_-12")).toBe("/connect/abcdefghijklmnopqrstuvwxyz_-12");
  for (const crafted of [
    "https://evil.example/connect/abcdefghijklmnopqrstuvwxyz",
    "/connect/../../evil",
    "//evil.example",
    "/connect/abcdefghijklmnopqrstuvwxyz/../x",
  ])
    expect(safeConnectPath(crafted)).toBeUndefined();
});
