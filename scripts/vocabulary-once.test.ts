/**
 * Each fixed vocabulary is spelled out once, as a const tuple the drizzle pgEnum, the zod schemas,
 * the TypeScript types and the UI's labels derive from. This fails when a list of its values is
 * written out again anywhere in shipped code (a second copy drifts: a value added to one is missing
 * from the other).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { adminRoles } from "@/lib/auth/admin-roles";
import { apiKeyScopes } from "@/lib/auth/api-key-scopes";
import { privacyModeValues } from "@/lib/connect/what-is-shared";
import { connectionStatuses } from "@/lib/sync/connection-state";
import { pushHistoryActions } from "@/lib/sync/push-history-action";
import { subscriptionStatuses } from "@/lib/sync/subscription-status";
import { syncTriggers } from "@/lib/sync/sync-run-vocabulary";
import { assignmentRoles, eventLifecycles, meetingProviders } from "@/lib/training/vocabulary";

const root = fileURLToPath(new URL("..", import.meta.url));
const shipped = ["app", "components", "lib", "db/schema", "db/queries", "emails", "inngest"];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "testing" ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** A written-out list of every value, in order: `["draft", "active", "cancelled"]`. */
function listOf(values: readonly string[]): RegExp {
  const quoted = values.map((v) => `["'\`]${v.replace(/[-_]/g, "[-_]")}["'\`]`);
  return new RegExp(`\\[\\s*${quoted.join("\\s*,\\s*")}\\s*,?\\s*\\]`);
}

const vocabularies: [string, readonly string[], string][] = [
  ["event lifecycles", eventLifecycles, "lib/training/vocabulary.ts"],
  ["meeting providers", meetingProviders, "lib/training/vocabulary.ts"],
  ["assignment roles", assignmentRoles, "lib/training/vocabulary.ts"],
  ["privacy modes", privacyModeValues, "lib/connect/what-is-shared.ts"],
  ["admin roles", adminRoles, "lib/auth/admin-roles.ts"],
  ["API key scopes", apiKeyScopes, "lib/auth/api-key-scopes.ts"],
  ["connection statuses", connectionStatuses, "lib/sync/connection-state.ts"],
  ["push history actions", pushHistoryActions, "lib/sync/push-history-action.ts"],
  ["subscription statuses", subscriptionStatuses, "lib/sync/subscription-status.ts"],
  ["sync triggers", syncTriggers, "lib/sync/sync-run-vocabulary.ts"],
];

describe("each vocabulary is declared once", () => {
  const files = shipped
    .flatMap(sourceFiles)
    .map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));

  it.each(vocabularies)("%s", (_, values, home) => {
    const pattern = listOf(values);
    const copies = files.filter(({ file, text }) => file !== home && pattern.test(text)).map(({ file }) => file);
    expect(copies).toEqual([]);
    expect(pattern.test(readFileSync(path.join(root, home), "utf8"))).toBe(true);
  });
});
