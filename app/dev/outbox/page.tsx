import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { listDevOutbox } from "@/db/queries/dev-outbox";
import { configuredMailer } from "@/lib/mail/mailer";
import { devOutboxAccess } from "@/lib/mail/dev-outbox-access";
import { requireAdmin } from "@/lib/auth/guards";
import { env } from "@/lib/env";

export const metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

/**
 * Development only (see devOutboxAccess): mail that would have been sent, rendered as the recipient
 * would see it. The message is shown in a sandboxed frame: no scripts, no forms, no same-origin access.
 */
export default async function DevOutboxPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const access = devOutboxAccess(env(), configuredMailer().transport);
  if (access === "closed") notFound();
  if (access === "admins") await requireAdmin();
  const { id } = await searchParams;
  const mails = await listDevOutbox(await getDb());
  const open = mails.find((m) => m.id === id) ?? mails[0];
  return (
    <div className="shell" style={{ gridTemplateColumns: "360px 1fr" }}>
      <nav className="sidebar" aria-label="Messages" style={{ overflowY: "auto" }}>
        <div className="brand">Dev outbox</div>
        <div className="section">{mails.length} messages · no mail leaves this server</div>
        {mails.map((m) => (
          <a
            key={m.id}
            href={`/dev/outbox?id=${m.id}`}
            aria-current={m.id === open?.id ? "page" : undefined}
            data-testid="outbox-item"
          >
            <strong>{m.subject}</strong>
            <br />
            <span className="small">
              {m.to} · {m.sentAt.toISOString().slice(0, 16).replace("T", " ")}
            </span>
          </a>
        ))}
      </nav>
      <main className="main" style={{ maxWidth: "none" }}>
        {open ? (
          <>
            <h1>{open.subject}</h1>
            <p className="muted">To {open.to}</p>
            <iframe
              title="Message"
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              srcDoc={open.html ?? ""}
              style={{
                width: "100%",
                height: "80vh",
                border: "1px solid var(--line)",
                borderRadius: 8,
                background: "#fff",
              }}
            />
          </>
        ) : (
          <p className="muted">No mail yet. Invite an instructor from Control Panel › Calendar Integration.</p>
        )}
      </main>
    </div>
  );
}
