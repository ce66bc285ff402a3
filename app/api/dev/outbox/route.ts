import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { listDevOutbox } from "@/db/queries/dev-outbox";
import { configuredMailer } from "@/lib/mail/mailer";
import { linksIn } from "@/lib/mail/render";

/**
 * Mail "sent" while the dev outbox is the transport, newest first (`?to=` filters by recipient).
 * Stable shape: [{ to, subject, html, text, links, sentAt }]. Absent when SMTP is configured.
 */
export async function GET(request: Request) {
  if (configuredMailer().transport !== "dev-outbox") notFound();
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  const mails = await listDevOutbox(await getDb(), { to });
  return Response.json(
    mails.map((m) => ({ to: m.to, subject: m.subject, html: m.html ?? "", text: m.text ?? "", links: linksIn(m.html ?? ""), sentAt: m.sentAt.toISOString() })),
  );
}
