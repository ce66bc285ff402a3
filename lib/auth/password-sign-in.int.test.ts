import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { unique } from "@/db/testing/factories";
import type { OpenedDb } from "@/db/open";
import { testContext } from "@/lib/testing/test-context";
import { createAdmin } from "@/lib/services/admins/create-admin";
import { passwordSignIn } from "./password-sign-in";
import { signInAttempts } from "@/db/schema";
import { verifyPassword } from "./password";
import { clientAddress, emailBackoffMs, signInLimits } from "./sign-in-throttle";

let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb();
});
afterAll(() => opened.close());

const password = "a long enough password";
async function makeAdmin() {
  const email = `${unique("admin")}@example.test`;
  await createAdmin({
    ctx: testContext({ db: opened.db }),
    input: { email, name: "Admin", role: "coordinator", password },
  });
  return email;
}
const address = () => `203.0.113.${Math.floor(Math.random() * 250)}-${unique("ip")}`;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 12, minutes));

describe("password sign-in", () => {
  it("signs in with the right password and refuses a wrong one", async () => {
    const email = await makeAdmin();
    const ip = address();
    expect(
      (await passwordSignIn(opened.db, { email, password: "wrong password!", address: ip, now: at(0) })).outcome,
    ).toBe("refused");
    expect(
      await passwordSignIn(opened.db, { email: email.toUpperCase(), password, address: ip, now: at(0) }),
    ).toMatchObject({
      outcome: "signed-in",
      admin: { email },
    });
  });

  it(`stops one address guessing one admin's password after ${signInLimits.perPair} failures, and only that address`, async () => {
    const email = await makeAdmin();
    const ip = address();
    for (let i = 0; i < signInLimits.perPair; i++)
      expect(
        (await passwordSignIn(opened.db, { email, password: `guess ${i} guess`, address: ip, now: at(0) })).outcome,
      ).toBe("refused");
    expect((await passwordSignIn(opened.db, { email, password, address: ip, now: at(1) })).outcome).toBe("throttled");
    // The real admin, elsewhere, is not locked out by someone else's guesses.
    expect((await passwordSignIn(opened.db, { email, password, address: address(), now: at(1) })).outcome).toBe(
      "signed-in",
    );
  });

  it("guesses from many addresses slow each failed address down, never the right password from a fresh one", async () => {
    const email = await makeAdmin();
    const guessers = Array.from({ length: signInLimits.emailBackoffAfter + 3 }, address);
    for (const ip of guessers)
      expect(
        (await passwordSignIn(opened.db, { email, password: "a wrong guess!", address: ip, now: at(0) })).outcome,
      ).toBe("refused");
    const failures = guessers.length;
    const wait = emailBackoffMs(failures);
    expect(wait).toBeGreaterThan(0);
    // A failed address must wait after the email's last attempt, whatever it tries…
    const soon = new Date(at(0).getTime() + wait - 1);
    expect((await passwordSignIn(opened.db, { email, password, address: guessers[0]!, now: soon })).outcome).toBe(
      "throttled",
    );
    const later = new Date(at(0).getTime() + wait);
    expect(
      (await passwordSignIn(opened.db, { email, password: "another guess!", address: guessers[1]!, now: later }))
        .outcome,
    ).toBe("refused");
    // …and the wait doubles with that failure.
    expect(emailBackoffMs(failures + 1)).toBe(Math.min(2 * wait, signInLimits.backoffMaxMs));
    // An address that has not failed for this email is never held back.
    expect((await passwordSignIn(opened.db, { email, password, address: address(), now: later })).outcome).toBe(
      "signed-in",
    );
  });

  it("a throttled attempt is not counted: it costs no password hash and does not extend the lockout", async () => {
    const email = await makeAdmin();
    const ip = address();
    let hashes = 0;
    const counting = { checkPassword: (p: string, h: string | null) => (hashes++, verifyPassword(p, h)) };
    for (let i = 0; i < signInLimits.perPair; i++)
      await passwordSignIn(opened.db, { email, password: "a wrong guess!", address: ip, now: at(0) }, counting);
    expect(hashes).toBe(signInLimits.perPair);
    for (let minute = 1; minute < 15; minute++)
      expect(
        (await passwordSignIn(opened.db, { email, password: "still guessing", address: ip, now: at(minute) }, counting))
          .outcome,
      ).toBe("throttled");
    expect(hashes).toBe(signInLimits.perPair);
    // The window has moved past the counted failures only: the throttled ones left no trace.
    expect((await passwordSignIn(opened.db, { email, password, address: ip, now: at(15) }, counting)).outcome).toBe(
      "signed-in",
    );
  });

  it(`forged X-Forwarded-For and X-Real-IP change nothing when no proxy is trusted: 40 tries, throttled after ${signInLimits.perAddress}`, async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const headers = { "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `192.0.2.${i}` };
      const ip = clientAddress(headers, { trustedProxyHops: 0, onVercel: false });
      const email = `${unique("sprayed")}@example.test`;
      outcomes.push(
        (await passwordSignIn(opened.db, { email, password: "a sprayed guess", address: ip, now: at(0) })).outcome,
      );
    }
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(signInLimits.perAddress);
    expect(outcomes.slice(signInLimits.perAddress).every((o) => o === "throttled")).toBe(true);
    await opened.db.delete(signInAttempts); // the one shared address would throttle the next tests' calls
  });

  it(`stops an address after ${signInLimits.perAddress} attempts across emails`, async () => {
    const ip = address();
    for (let i = 0; i < signInLimits.perAddress; i++)
      expect(
        (
          await passwordSignIn(opened.db, {
            email: `${unique("nobody")}@example.test`,
            password: "whatever it is",
            address: ip,
            now: at(0),
          })
        ).outcome,
      ).toBe("refused");
    const email = await makeAdmin();
    expect((await passwordSignIn(opened.db, { email, password, address: ip, now: at(1) })).outcome).toBe("throttled");
    expect((await passwordSignIn(opened.db, { email, password, address: address(), now: at(1) })).outcome).toBe(
      "signed-in",
    );
  });

  it("a successful sign-in clears the email's failed attempts", async () => {
    const email = await makeAdmin();
    const ip = address();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < signInLimits.perPair - 1; i++)
        await passwordSignIn(opened.db, { email, password: "not the password", address: ip, now: at(round) });
      expect((await passwordSignIn(opened.db, { email, password, address: ip, now: at(round) })).outcome).toBe(
        "signed-in",
      );
    }
  });

  it("takes as long for an unknown email as for a known one (one scrypt either way)", async () => {
    const email = await makeAdmin();
    const time = async (who: string) => {
      const started = performance.now();
      await passwordSignIn(opened.db, {
        email: who,
        password: "not the password",
        address: address(),
        now: new Date(),
      });
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(email));
      unknown.push(await time(`${unique("stranger")}@example.test`));
    }
    // scrypt dominates both; without the dummy hash the unknown email answers an order of magnitude sooner.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
  });
});
