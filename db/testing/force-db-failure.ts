import { sql } from "drizzle-orm";
import type { Db } from "../types";

/**
 * Makes the database itself fail a write with a chosen SQLSTATE, for tests of what the edges answer under
 * pressure (a deadlock 40P01, a serialization failure 40001, a statement timeout 57014, ...) without mocking
 * anything: a trigger on calendar_connections raises it for the instructors listed in
 * `test_forced_db_failures`, through the real driver (PGlite or postgres.js) and drizzle's wrapping. Other
 * rows, so other tests sharing the database, are untouched.
 */
export async function installForcedDbFailures(db: Db) {
  await db.execute(sql`
    create table if not exists test_forced_db_failures (instructor_id uuid primary key, sqlstate text not null)
  `);
  await db.execute(sql`
    create or replace function test_forced_db_failure() returns trigger language plpgsql as $$
    declare code text;
    begin
      select f.sqlstate into code from test_forced_db_failures f where f.instructor_id = new.instructor_id;
      if code is not null then
        raise exception 'forced by a test (SQLSTATE %)', code using errcode = code;
      end if;
      return new;
    end $$
  `);
  await db.execute(sql`
    create or replace trigger test_forced_db_failure before update on calendar_connections
    for each row execute function test_forced_db_failure()
  `);
  return {
    /** Every update of the instructor's connection fails with `sqlstate` until `clear`. */
    fail: (instructorId: string, sqlstate: string) =>
      db.execute(sql`
        insert into test_forced_db_failures values (${instructorId}, ${sqlstate})
        on conflict (instructor_id) do update set sqlstate = excluded.sqlstate
      `),
    clear: (instructorId: string) =>
      db.execute(sql`delete from test_forced_db_failures where instructor_id = ${instructorId}`),
  };
}
