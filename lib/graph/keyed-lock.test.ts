import { expect, it } from "vitest";
import { KeyedLock } from "./keyed-lock";

it("serialises tasks per key, runs other keys alongside, and survives failures", async () => {
  const lock = new KeyedLock();
  const log: string[] = [];
  const step =
    (name: string, ms: number, fail = false) =>
    async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
  const results = await Promise.allSettled([
    lock.run("a", step("a1", 20, true)),
    lock.run("a", step("a2", 1)),
    lock.run("b", step("b1", 5)),
  ]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  expect(log.indexOf("start a2")).toBeGreaterThan(log.indexOf("end a1"));
  expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
});
