import type { ReactElement } from "react";
import { sentEmails } from "@/db/schema";
import { renderEmail } from "@/lib/mail/render";
import type { ServiceContext } from "@/lib/context/service-context";

type Kind = (typeof sentEmails.$inferInsert)["kind"];

/** Renders, sends, and records the send (with the body when the dev outbox is the transport). */
export async function deliverEmail(
  ctx: ServiceContext,
  email: { kind: Kind; instructorId: string | null; to: string; subject: string; body: ReactElement },
): Promise<void> {
  const { html, text } = await renderEmail(email.body);
  await ctx.mailer.send({ to: email.to, subject: email.subject, html, text });
  const keepBody = ctx.mailer.transport === "dev-outbox";
  await ctx.db.insert(sentEmails).values({
    kind: email.kind,
    instructorId: email.instructorId,
    to: email.to,
    subject: email.subject,
    transport: ctx.mailer.transport,
    html: keepBody ? html : null,
    text: keepBody ? text : null,
    sentAt: ctx.now(),
  });
}
