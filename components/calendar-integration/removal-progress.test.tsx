import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import type { LatestPull } from "@/db/queries/sync-runs";
import { RemovalProgress } from "./removal-progress";

const text = (removal: LatestPull) =>
  renderToStaticMarkup(<RemovalProgress removal={removal} instructorId="i-1" />).replace(/<[^>]+>/g, "");
const run = (over: Partial<LatestPull>): LatestPull => ({
  status: "succeeded",
  counts: {},
  error: null,
  finishedAt: null,
  ...over,
});

it("shows why a removal failed in the row itself, not only in a tooltip", () => {
  const reason = "Microsoft Graph answered 500 while deleting entries";
  expect(text(run({ status: "failed", error: reason }))).toBe(
    `Removal failed: ${reason}. Remove Calendar starts it again.`,
  );
  expect(text(run({ status: "failed", error: null }))).toBe(
    "Removal failed: unknown error. Remove Calendar starts it again.",
  );
  expect(text(run({ status: "failed", error: "x".repeat(500) }))).toHaveLength(
    "Removal failed: ".length + 200 + " Remove Calendar starts it again.".length,
  );
});

it("after a dead token says how many entries are still in Outlook, in plain words", () => {
  const refused = { error: "invalid_grant: AADSTS65001: consent missing" };
  expect(text(run({ ...refused, counts: { leftovers: 3 } }))).toBe(
    "Removed here, but Microsoft refused access: 3 entries are still in Outlook. See the list",
  );
  expect(text(run({ ...refused, counts: { leftovers: 1 } }))).toContain("1 entry is still in Outlook.");
  expect(text(run({ ...refused, counts: {} }))).toBe(
    "Removed here, but Microsoft refused access: entries of ours may still be in Outlook.",
  );
  expect(text(run({ counts: { deleted: 1 } }))).toBe("Removed: 1 Outlook entry deleted");
});
