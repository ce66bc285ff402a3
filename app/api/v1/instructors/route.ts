import { listInstructors } from "@/db/queries/instructors";
import { apiRoute, parseQuery } from "@/lib/api/route";
import { listInstructorsQuery, toInstructorResource } from "@/lib/api/resources";
import { createInstructor } from "@/lib/services/training/create-instructor";
import { parseInput } from "@/lib/parse-input";

export const GET = apiRoute(async ({ ctx, request }) => {
  const query = parseQuery(request, (q) => parseInput(listInstructorsQuery, q));
  const rows = await listInstructors(ctx.db, query);
  return Response.json({ data: rows.map(toInstructorResource) });
});

export const POST = apiRoute(async ({ ctx, body }) => {
  const row = await createInstructor({ ctx, input: await body() });
  return Response.json(toInstructorResource(row), {
    status: 201,
    headers: { Location: `/api/v1/instructors/${row.id}` },
  });
});
