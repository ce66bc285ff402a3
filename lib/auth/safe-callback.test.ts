import { describe, expect, it } from "vitest";
import { redirectAfterSignIn, sameOriginPath } from "./safe-callback";

const origin = "https://sync.example.com";

describe("sameOriginPath", () => {
  it.each([
    ["/events", "/events"],
    ["/events?view=all&q=a%20b#top", "/events?view=all&q=a%20b#top"],
    ["https://sync.example.com/instructors/1", "/instructors/1"],
    ["/settings/../events", "/events"],
  ])("accepts our own %s as %s", (candidate, path) => {
    expect(sameOriginPath(candidate, origin)).toBe(path);
  });

  it.each([
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "https://evil.example/events",
    "http://sync.example.com/events", // another scheme is another origin
    "https://sync.example.com.evil.example/",
    "https://sync.example.com@evil.example/",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "%252F%252Fevil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("refuses %j", (candidate) => {
    expect(sameOriginPath(candidate, origin)).toBeNull();
  });
});

describe("redirectAfterSignIn", () => {
  it("keeps our own paths and sends everything else to the events page", () => {
    expect(redirectAfterSignIn({ url: "/instructors", baseUrl: origin })).toBe("https://sync.example.com/instructors");
    expect(redirectAfterSignIn({ url: `${origin}/locations`, baseUrl: origin })).toBe(
      "https://sync.example.com/locations",
    );
    expect(redirectAfterSignIn({ url: "https://evil.example/phish", baseUrl: origin })).toBe(
      "https://sync.example.com/events",
    );
    expect(redirectAfterSignIn({ url: "/\\evil.example", baseUrl: origin })).toBe("https://sync.example.com/events");
  });
});
