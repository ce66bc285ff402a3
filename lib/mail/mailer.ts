import nodemailer from "nodemailer";
import { env } from "@/lib/env";

export type OutgoingEmail = { to: string; subject: string; html: string; text: string };

/**
 * Where mail goes. The dev outbox sends nothing: the record in sent_emails (with its body) is the
 * outbox, shown at /dev/outbox. SMTP hands mail to a real server.
 */
export type Mailer = {
  transport: "smtp" | "dev-outbox";
  send(email: OutgoingEmail): Promise<void>;
};

export const devOutboxMailer: Mailer = { transport: "dev-outbox", send: async () => {} };

export function smtpMailer(url: string, from: string): Mailer {
  const transporter = nodemailer.createTransport(url);
  return {
    transport: "smtp",
    async send(email) {
      await transporter.sendMail({ from, ...email });
    },
  };
}

let configured: Mailer | undefined;
export function configuredMailer(): Mailer {
  const e = env();
  configured ??= e.SMTP_URL ? smtpMailer(e.SMTP_URL, e.MAIL_FROM) : devOutboxMailer;
  return configured;
}
