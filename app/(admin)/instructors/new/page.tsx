import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { InstructorForm } from "@/components/instructors/instructor-form";
import { createInstructorAction } from "../actions";

export const metadata = { title: "Add instructor" };

export default async function NewInstructorPage() {
  await requireAdmin();
  return (
    <>
      <div className="page-head">
        <h1>Add instructor</h1>
      </div>
      <div className="panel">
        <InstructorForm
          action={createInstructorAction}
          values={{ name: "", email: "", timeZone: "Europe/London" }}
          timeZones={allTimeZones()}
          submitLabel="Add instructor"
        />
      </div>
    </>
  );
}
