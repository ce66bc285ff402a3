import { getDb } from "@/db/client";
import { listDevOutbox } from "@/db/queries/dev-outbox";
import { currentAdmin } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { errorResponse, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { devOutboxAccess } from "@/lib/mail/dev-outbox-access";
import { configuredMailer } from "@/lib/mail/mailer";
import { linksIn } from "@/lib/mail/render";

/**
 * Mail "sent" while the dev outbox is the transport, newest first (`?to=` filters by recipient).
 * Stable shape: [{ to, subject, html, text, links, sentAt }]. Development only (see devOutboxAccess).
 */
export async function GET(request: Request) {
  const access = devOutboxAccess(env(), configuredMailer().transport);
  if (access === "closed") return errorResponse(new NotFoundError("Page", "/api/dev/outbox", "Not found"));
  if (access === "admins" && !(await currentAdmin()))
    return errorResponse(new UnauthorizedError("Sign in as an admin"));
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  const mails = await listDevOutbox(await getDb(), { to });
  return Response.json(
    mails.map((m) => ({
      to: m.to,
      subject: m.subject,
      html: m.html ?? "",
      text: m.text ?? "",
      links: linksIn(m.html ?? ""),
      sentAt: m.sentAt.toISOString(),
    })),
  );
}
