import Link from "next/link";
import { getDb } from "@/db/client";
import { listInstructors } from "@/db/queries/instructors";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata = { title: "Instructors" };

export default async function InstructorsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requireAdmin();
  const { q } = await searchParams;
  const instructors = await listInstructors(await getDb(), { search: q?.trim() || undefined });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Instructors</h1>
          <p className="muted">{instructors.length} instructors</p>
        </div>
        <Link className="button" href="/instructors/new">
          Add instructor
        </Link>
      </div>
      <form role="search" className="toolbar">
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search name or email"
          aria-label="Search instructors"
        />
      </form>
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Home time zone</th>
          </tr>
        </thead>
        <tbody>
          {instructors.map((i) => (
            <tr key={i.id}>
              <td>
                <Link href={`/instructors/${i.id}`}>{i.name}</Link>
              </td>
              <td>{i.email}</td>
              <td>{i.timeZone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
