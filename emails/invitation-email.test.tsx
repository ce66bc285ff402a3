import { describe, expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { InvitationEmail } from "./invitation-email";

describe("InvitationEmail", () => {
  it("says what is shared, both privacy modes, the expiry, and links to the wizard", async () => {
    const { html, text } = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} />);
    expect(linksIn(html)).toContain("http://localhost:3000/connect/preview-token");
    for (const phrase of [
      "Full Private Mode",
      "Default Privacy Mode",
      "Tuesday 8 December 2026",
      "Dates and times",
      "The virtual meeting link",
    ])
      expect(text).toContain(phrase);
    expect(text).toContain("Connect my calendar");
  });

  it("words the reminder and the reconnect email differently", async () => {
    const reminder = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} reminder />);
    const reconnect = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} reconnect />);
    expect(reminder.html).toContain("A reminder: connect your calendar");
    expect(reconnect.text).toContain("Reconnect Microsoft 365");
  });
});
