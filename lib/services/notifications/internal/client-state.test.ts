import { describe, expect, it } from "vitest";
import { clientStateMatches, hashClientState, newClientState } from "./client-state";

describe("clientState", () => {
  it("is random, within Graph's 128 characters, and only its hash is kept", () => {
    const a = newClientState();
    expect(a).not.toBe(newClientState());
    expect(a.length).toBeLessThanOrEqual(128);
    expect(hashClientState(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashClientState(a)).not.toContain(a);
  });

  it("matches only the same secret", () => {
    const secret = newClientState();
    const stored = hashClientState(secret);
    expect(clientStateMatches(stored, secret)).toBe(true);
    expect(clientStateMatches(stored, `${secret}x`)).toBe(false);
    expect(clientStateMatches(stored, "")).toBe(false);
    expect(clientStateMatches(stored, null)).toBe(false);
    expect(clientStateMatches("", secret)).toBe(false); // a row whose create failed never matches
  });
});
