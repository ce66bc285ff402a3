import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { unique } from "@/db/testing/factories";
import type { OpenedDb } from "@/db/open";
import { testContext } from "@/lib/testing/test-context";
import { createAdmin } from "@/lib/services/admins/create-admin";
import { passwordSignIn } from "./password-sign-in";
import { signInLimits } from "./sign-in-throttle";

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

  it(`stops an email after ${signInLimits.perEmail} attempts in ${signInLimits.windowMs / 60_000} minutes, even with the right password, from any address`, async () => {
    const email = await makeAdmin();
    for (let i = 0; i < signInLimits.perEmail; i++)
      expect(
        (await passwordSignIn(opened.db, { email, password: `guess ${i} guess`, address: address(), now: at(i) }))
          .outcome,
      ).toBe("refused");
    expect((await passwordSignIn(opened.db, { email, password, address: address(), now: at(5) })).outcome).toBe(
      "throttled",
    );
    // Once the window has moved past the guesses, the admin gets in again.
    expect((await passwordSignIn(opened.db, { email, password, address: address(), now: at(5 + 15) })).outcome).toBe(
      "signed-in",
    );
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
      for (let i = 0; i < signInLimits.perEmail - 1; i++)
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
