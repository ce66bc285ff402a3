import { describe, expect, it } from "vitest";
import { createEvent, getEvent } from "./event-store";
import { isMalformedId, outwardId, resolveId } from "./id-forms";
import { createRng, keyedChance, RngStreams } from "./prng";
import { PROFILES, ProfileInput, resolveProfile } from "./realism";
import { NOW, newMailbox } from "./test-helpers";

const body = {
  subject: "Standup",
  start: { dateTime: "2026-03-21T09:00:00" },
  end: { dateTime: "2026-03-21T09:15:00" },
};

describe("profiles and the seeded generator (issue 10 item 1)", () => {
  it("a fixed seed reproduces every stream; streams are independent of each other", () => {
    const draws = (seed: number) => Array.from({ length: 5 }, () => createRng(seed, "notifications").int(0, 1000));
    expect(draws(7)).toEqual(draws(7));
    const streams = new RngStreams(7);
    const a = streams.get("notifications").next();
    streams.get("delta").next(); // another behaviour drawing does not shift this one
    const b = streams.get("notifications").next();
    const fresh = createRng(7, "notifications");
    expect([a, b]).toEqual([fresh.next(), fresh.next()]);
    expect(createRng(8, "notifications").next()).not.toBe(createRng(7, "notifications").next());
    expect(keyedChance(7, "repeat:3:x")).toBe(keyedChance(7, "repeat:3:x"));
  });

  it("realistic switches every behaviour on, clean none; overrides switch one at a time", () => {
    expect(Object.values(PROFILES.clean).filter((v) => v === true)).toEqual([]);
    const p = resolveProfile({ profile: "realistic", seed: 1, overrides: { notificationDuplicates: false } });
    expect(p.settings).toEqual({ ...PROFILES.realistic, notificationDuplicates: false });
    expect(() => ProfileInput.parse({ profile: "realistic", overrides: { noSuchThing: true } })).toThrow();
  });
});

describe("default vs immutable ids (issue 10 item 2, §1 id)", () => {
  it("with distinct ids both forms resolve, a move changes only the default id", () => {
    const { store, mb } = newMailbox();
    store.ids.distinct = true;
    const { event } = createEvent(mb, body, { now: NOW });
    const rest = outwardId(mb, event.id, false);
    expect(rest).not.toBe(event.id);
    expect(event.id.startsWith("AAkALg")).toBe(true);
    expect(outwardId(mb, event.id, true)).toBe(event.id);
    expect(getEvent(mb, rest).id).toBe(event.id);
    expect(getEvent(mb, event.id).id).toBe(event.id);
    mb.moves.set(event.id, 1);
    expect(outwardId(mb, event.id, false)).not.toBe(rest);
    expect(resolveId(mb, rest)).toBe(rest); // the old default id names nothing any more
    expect(() => getEvent(mb, rest)).toThrow(expect.objectContaining({ status: 404, code: "ErrorItemNotFound" }));
  });

  it("without distinct ids (clean) both forms are one string", () => {
    const { mb } = newMailbox();
    const { event } = createEvent(mb, body, { now: NOW });
    expect(outwardId(mb, event.id, false)).toBe(event.id);
  });

  it("an id that cannot be an Exchange id is 400 ErrorInvalidIdMalformed, a well-formed unknown one 404", () => {
    const { mb } = newMailbox();
    expect(isMalformedId("not an id!")).toBe(true);
    expect(() => getEvent(mb, "nope")).toThrow(
      expect.objectContaining({ status: 400, code: "ErrorInvalidIdMalformed", message: "Id is malformed." }),
    );
    expect(() => getEvent(mb, "AAMkAGunknownunknownunknownAAA=")).toThrow(expect.objectContaining({ status: 404 }));
  });
});
