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
    expect(text).toContain("Priya Shah from your training team invites you");
  });

  it("fits a phone: a mobile viewport, the button before the lists, the fallback address breakable", async () => {
    const { html } = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} />);
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    expect(html.indexOf("Connect my calendar")).toBeLessThan(html.indexOf("Dates and times"));
    expect(html).toMatch(/word-break:break-all[^>]*>http:\/\/localhost:3000\/connect\/preview-token/);
  });

  it("words the reminder and the reconnect email differently", async () => {
    const reminder = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} reminder />);
    const reconnect = await renderEmail(<InvitationEmail {...InvitationEmail.PreviewProps} reconnect />);
    expect(reminder.html).toContain("A reminder: connect your calendar");
    expect(reconnect.text).toContain("Reconnect Microsoft 365");
  });
});
