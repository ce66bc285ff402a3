/**
 * The transient failures `transientDbFailure` knows, produced by the real drivers (no error is built by
 * hand): postgres.js against a server that never answers or a closed port, PGlite closed under a query and,
 * on PostgreSQL (DATABASE_URL), a real statement timeout and a real deadlock between two transactions.
 */
import { createServer, type Server } from "node:net";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { transientDbFailure } from "./errors";

const failureOf = (work: () => Promise<unknown>) =>
  work().then(
    () => expect.unreachable("the query succeeded"),
    (error: unknown) => error,
  );

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** A TCP port that accepts connections and never says a word, as a database too busy to answer. */
async function silentPort() {
  const server = createServer(() => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

describe("postgres.js", () => {
  it("a server that does not answer in connect_timeout is overloaded (CONNECT_TIMEOUT)", async () => {
    const client = postgres({ host: "127.0.0.1", port: await silentPort(), connect_timeout: 0.3, max: 1 });
    const error = await failureOf(() => drizzle({ client }).execute(sql`select 1`));
    expect(transientDbFailure(error)).toBe("overloaded");
    await client.end({ timeout: 0 });
  });

  it("a closed port is unreachable (ECONNREFUSED)", async () => {
    const port = await silentPort();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const client = postgres({ host: "127.0.0.1", port, connect_timeout: 2, max: 1 });
    const error = await failureOf(() => drizzle({ client }).execute(sql`select 1`));
    expect(transientDbFailure(error)).toBe("unreachable");
    await client.end({ timeout: 0 });
  });
});

describe("PGlite", () => {
  it("closed with the process is unreachable; a constraint violation is not transient", async () => {
    const client = new PGlite();
    const db = drizzlePglite({ client });
    await db.execute(sql`create table t (id int primary key)`);
    await db.execute(sql`insert into t values (1)`);
    expect(transientDbFailure(await failureOf(() => db.execute(sql`insert into t values (1)`)))).toBeUndefined();
    await client.close();
    expect(transientDbFailure(await failureOf(() => db.execute(sql`select 1`)))).toBe("unreachable");
  });
});

describe.runIf(process.env.DATABASE_URL)("PostgreSQL", () => {
  const url = process.env.DATABASE_URL!;

  it("a statement timeout is overloaded (57014)", async () => {
    const client = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 50 } });
    const error = await failureOf(() => drizzle({ client }).execute(sql`select pg_sleep(2)`));
    expect(transientDbFailure(error)).toBe("overloaded");
    await client.end();
  });

  it("the loser of a real deadlock is contention (40P01)", async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} });
    const b = postgres(url, { max: 1, onnotice: () => {} });
    const table = `deadlock_${crypto.randomUUID().replaceAll("-", "")}`;
    await a.unsafe(`create table ${table} (id int primary key, n int); insert into ${table} values (1, 0), (2, 0)`);
    try {
      // Each locks one row, then wants the other's: PostgreSQL aborts one of them (deadlock_timeout, 1 s).
      let aLocked!: () => void, bLocked!: () => void;
      const aHas = new Promise<void>((r) => (aLocked = r));
      const bHas = new Promise<void>((r) => (bLocked = r));
      const results = await Promise.allSettled([
        a.begin(async (tx) => {
          await tx.unsafe(`update ${table} set n = n + 1 where id = 1`);
          aLocked();
          await bHas;
          await tx.unsafe(`update ${table} set n = n + 1 where id = 2`);
        }),
        b.begin(async (tx) => {
          await tx.unsafe(`update ${table} set n = n + 1 where id = 2`);
          bLocked();
          await aHas;
          await tx.unsafe(`update ${table} set n = n + 1 where id = 1`);
        }),
      ]);
      const lost = results.filter((r) => r.status === "rejected");
      expect(lost).toHaveLength(1);
      expect(transientDbFailure((lost[0] as PromiseRejectedResult).reason)).toBe("contention");
    } finally {
      await a.unsafe(`drop table ${table}`);
      await Promise.all([a.end(), b.end()]);
    }
  });
});
