import { expect, it } from "vitest";
import { hashToken, randomToken, signLink, verifyLink } from "./secret-tokens";

it("makes unguessable tokens and stable hashes", () => {
  const a = randomToken();
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(randomToken()).not.toBe(a);
  expect(hashToken(a)).toBe(hashToken(a));
  expect(hashToken(a)).not.toContain(a);
});

it("verifies signed links until they expire, and nothing tampered", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  const link = signLink("s3cret", "instructor-1", new Date("2026-12-24T12:00:00Z"));
  expect(verifyLink("s3cret", link, now)).toEqual({ ok: true, subject: "instructor-1" });
  expect(verifyLink("other", link, now)).toEqual({ ok: false, reason: "invalid" });
  expect(verifyLink("s3cret", link.replace("instructor-1", "instructor-2"), now)).toEqual({
    ok: false,
    reason: "invalid",
  });
  expect(verifyLink("s3cret", link, new Date("2027-01-01T00:00:00Z"))).toEqual({ ok: false, reason: "expired" });
  expect(verifyLink("s3cret", "garbage", now)).toEqual({ ok: false, reason: "invalid" });
});
