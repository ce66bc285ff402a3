import { expect, it } from "vitest";
import { isForeignOrigin } from "./same-origin";

const app = "https://sync.example.com";

it.each([
  [{}, false],
  [{ origin: "https://sync.example.com" }, false],
  [{ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-proto": "http" }, false],
  [{ origin: "https://evil.example" }, true],
  [{ origin: "https://evil.example", host: "sync.example.com" }, true],
  [{ origin: "null" }, true],
  // A form post from our own no-referrer page (the wizard): Origin is "null", the browser vouches for the site.
  [{ origin: "null", "sec-fetch-site": "same-origin" }, false],
  [{ origin: "null", "sec-fetch-site": "cross-site" }, true],
  [{ origin: "http://sync.example.com", host: "sync.example.com" }, true],
])("headers %j → foreign %s", (headers, expected) => {
  expect(isForeignOrigin(new Headers(headers as Record<string, string>), app)).toBe(expected);
});
