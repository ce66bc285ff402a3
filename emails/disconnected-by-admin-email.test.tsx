import { expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { DisconnectedByAdminEmail } from "./disconnected-by-admin-email";

it("tells the instructor an administrator disconnected them and what was deleted, with no link to follow", async () => {
  const { html, text } = await renderEmail(<DisconnectedByAdminEmail {...DisconnectedByAdminEmail.PreviewProps} />);
  expect(linksIn(html)).toEqual([]);
  expect(text).toContain("An administrator of your training platform removed the connection");
  expect(text).toContain("The 3 training entries it had added to your Outlook calendar were deleted");
  const one = await renderEmail(<DisconnectedByAdminEmail instructorName="Sam" entriesDeleted={1} />);
  expect(one.text).toContain("The training entry it had added to your Outlook calendar was deleted");
});
