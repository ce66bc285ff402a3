import { expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { ConnectedEmail } from "./connected-email";

it("confirms the account and mode and links to the connection page", async () => {
  const { html, text } = await renderEmail(<ConnectedEmail {...ConnectedEmail.PreviewProps} />);
  expect(linksIn(html)).toEqual(["http://localhost:3000/connection/preview"]);
  expect(text).toContain("amelia.hart@northwind-training.example is now connected in Full Private Mode");
});
