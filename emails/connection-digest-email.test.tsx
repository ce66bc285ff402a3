import { expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { ConnectionDigestEmail } from "./connection-digest-email";

it("lists each connection problem and links to Calendar Integration", async () => {
  const { html, text } = await renderEmail(<ConnectionDigestEmail {...ConnectionDigestEmail.PreviewProps} />);
  expect(linksIn(html)).toEqual(["http://localhost:3000/control-panel/calendar-integration"]);
  expect(text.toLowerCase()).toContain("2 calendar connection problems");
  expect(text).toContain("Amelia Hart");
  expect(text).toContain("revoked the app in their Microsoft account");
  expect(text).toContain("Ben Okafor");
});
