import { getInstructorConnection } from "@/db/queries/instructor-connection";
import { ForbiddenError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";
import { instructorFromConnectionLink } from "../instructor-from-connection-link";

/**
 * Changes made with an instructor's "manage your connection" link. The link is the only credential,
 * so each change is confirmed by email to the instructor: whoever else holds the link cannot act
 * unnoticed.
 */
export async function verifiedLinkInstructor(ctx: ServiceContext, link: string) {
  const verified = await instructorFromConnectionLink({ ctx, link });
  if (!verified.ok) throw new ForbiddenError("This link is not valid any more");
  const row = await getInstructorConnection(ctx.db, verified.instructorId);
  if (!row) throw new ForbiddenError("This link is not valid any more");
  return row;
}
