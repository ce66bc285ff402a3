import { expect, it } from "vitest";
import { linksIn, renderEmail } from "@/lib/mail/render";
import { FinishRemovalEmail } from "./finish-removal-email";

it("offers the one-click sign-in that finishes the removal, and says how many entries are left", async () => {
  const { html, text } = await renderEmail(<FinishRemovalEmail {...FinishRemovalEmail.PreviewProps} />);
  expect(linksIn(html)).toEqual(["http://localhost:3000/connect/preview"]);
  expect(text).toContain("3 training entries we added there could not be deleted");
  expect(text).toContain("Sign in to finish removal");
});
