import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getInstructor } from "@/db/queries/instructors";
import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { InstructorForm } from "@/components/instructors/instructor-form";
import { updateInstructorAction } from "../actions";

export const metadata = { title: "Instructor" };

export default async function InstructorPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  const instructor = await getInstructor(await getDb(), id);
  if (!instructor) notFound();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/instructors">Instructors</Link> /
          </p>
          <h1>{instructor.name}</h1>
          <p className="muted">
            <Link href={`/control-panel/calendar-integration/${id}`}>
              Calendar connection: status, sync log and actions
            </Link>
          </p>
        </div>
      </div>
      <div className="panel">
        <InstructorForm
          action={updateInstructorAction.bind(null, id)}
          values={instructor}
          timeZones={allTimeZones()}
          submitLabel="Save changes"
        />
      </div>
    </>
  );
}
