import { apiRoute } from "@/lib/api/route";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { unassignInstructor } from "@/lib/services/training/unassign-instructor";

type Params = { id: string; instructorId: string };

/** PUT books (or re-roles) the instructor; the body is optional and defaults to the lead role. */
export const PUT = apiRoute<Params>(async ({ ctx, params, body }) => {
  const { created, ...assignment } = await assignInstructor({
    ctx,
    eventId: params.id,
    instructorId: params.instructorId,
    input: await body({ optional: true }),
  });
  return Response.json(assignment, { status: created ? 201 : 200 });
});

export const DELETE = apiRoute<Params>(async ({ ctx, params }) => {
  await unassignInstructor({ ctx, eventId: params.id, instructorId: params.instructorId });
  return new Response(null, { status: 204 });
});
