import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { offlineContext } from "@/lib/services/context";
import { openInvitation } from "@/lib/services/open-invitation";

/**
 * Invitation links that no longer work get a friendly page with the right status: 404 for a link
 * we never issued, 410 for one that was used, replaced or has expired. Pages cannot set a status
 * in the App Router, so the check happens here and the page is rendered by a rewrite.
 */
export async function proxy(request: NextRequest) {
  const token = request.nextUrl.pathname.split("/")[2] ?? "";
  if (staticPages.has(token)) return NextResponse.next();
  const found = await openInvitation(offlineContext(await getDb()), token);
  if (found.ok) return NextResponse.next();
  const status = found.reason === "unknown" ? 404 : 410;
  return NextResponse.rewrite(new URL(`/connect/unavailable/${found.reason}`, request.url), { status });
}

const staticPages = new Set(["unavailable", "connected", "problem", "admin-approved"]);

export const config = { matcher: "/connect/:token" };
