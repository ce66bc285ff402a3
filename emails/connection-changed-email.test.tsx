import { expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { ConnectionChangedEmail } from "./connection-changed-email";

it("tells the instructor the new privacy mode and links to the connection page", async () => {
  const { html, text } = await renderEmail(<ConnectionChangedEmail {...ConnectionChangedEmail.PreviewProps} />);
  expect(linksIn(html)).toEqual(["http://localhost:3000/connection/preview"]);
  expect(text).toContain("now uses Default Privacy Mode");
});

it("tells the instructor the calendar was disconnected, with no link", async () => {
  const { html, text } = await renderEmail(
    <ConnectionChangedEmail change="disconnected" instructorName="Amelia Hart" />,
  );
  expect(linksIn(html)).toEqual([]);
  expect(text).toContain("no longer has access to your Outlook calendar");
});
