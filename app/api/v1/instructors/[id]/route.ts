import { getInstructor } from "@/db/queries/instructors";
import { apiRoute } from "@/lib/api/route";
import { toInstructorResource } from "@/lib/api/resources";
import { NotFoundError } from "@/lib/errors";
import { updateInstructor } from "@/lib/services/training/update-instructor";

export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const row = await getInstructor(ctx.db, params.id);
  if (!row) throw new NotFoundError("Instructor", params.id);
  return Response.json(toInstructorResource(row));
});

export const PATCH = apiRoute<{ id: string }>(async ({ ctx, params, body }) => {
  const row = await updateInstructor({ ctx, id: params.id, input: await body() });
  return Response.json(toInstructorResource(row));
});
