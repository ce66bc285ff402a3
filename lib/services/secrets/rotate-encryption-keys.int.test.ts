import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor } from "@/db/testing/factories";
import type { OpenedDb } from "@/db/open";
import { calendarConnections, invitations } from "@/db/schema";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { parseKeyRing } from "@/lib/crypto/key-ring";
import { testContext, testSecrets } from "@/lib/testing/test-context";
import { invitationLink } from "../connect/invitation-link";
import { issueInvitation } from "../connect/internal/issue-invitation";
import { rotateEncryptionKeys } from "./rotate-encryption-keys";

let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb({ isolated: true });
});
afterAll(() => opened.close());

const key = () => randomBytes(32).toString("base64");

it("re-encrypts every token cache and invitation link with the first key, so the old key can be dropped", async () => {
  const oldKey = `old:${key()}`;
  const newKey = `new:${key()}`;
  const withRing = (spec: string) => {
    const ring = parseKeyRing(spec);
    return testContext({ db: opened.db, secrets: { ...testSecrets, tokenKeyRing: () => ring } });
  };
  const before = withRing(oldKey);
  const connectionIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const instructor = await makeInstructor(before);
    const [connection] = await opened.db
      .insert(calendarConnections)
      .values({ instructorId: instructor.id, status: "connected", privacyMode: "full_private" })
      .returning();
    await encryptedTokenCacheStore(opened.db, before.secrets.tokenKeyRing).save(connection!.id, `cache ${i}`, null);
    await issueInvitation(before, instructor, { purpose: "invite" });
    connectionIds.push(connection!.id);
  }
  const links = await Promise.all(
    (await opened.db.select().from(invitations)).map((r) => invitationLink({ ctx: before, invitationId: r.id })),
  );

  const rotated = await rotateEncryptionKeys({ ctx: withRing(`${newKey},${oldKey}`) });
  expect(rotated).toEqual({ tokenCaches: 3, invitations: 3 });
  expect(await rotateEncryptionKeys({ ctx: withRing(`${newKey},${oldKey}`) })).toEqual({
    tokenCaches: 0,
    invitations: 0,
  });

  // The old key is gone: everything still opens.
  const after = withRing(newKey);
  const store = encryptedTokenCacheStore(opened.db, after.secrets.tokenKeyRing);
  for (const [i, id] of connectionIds.entries()) expect((await store.load(id))?.data).toBe(`cache ${i}`);
  const rows = await opened.db.select().from(invitations).where(eq(invitations.tokenKeyId, "new"));
  expect(rows).toHaveLength(3);
  expect(
    await Promise.all(
      (await opened.db.select().from(invitations)).map((r) => invitationLink({ ctx: after, invitationId: r.id })),
    ),
  ).toEqual(links);
});
