/**
 * Connected instructors in bulk, for the benchmarks that need thousands of them (the Connect flow itself,
 * ~0.13 s an instructor, is proven by lib/services/connect's tests). What the Connect flow leaves behind is
 * written directly: the emulator user (control API), the instructor, a `connected` connection and its
 * encrypted MSAL token cache. The cache is MSAL's own: a ConfidentialClientApplication redeems a code
 * exactly as the product's `redeemCode` does, with a network client that hands the token request to the
 * emulator process (`mint-tokens`: the same answer its token endpoint would give, without the sign-in
 * pages), so the tokens are real, verifiable and refreshable. Nothing is queued: no first pull, no push.
 */
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from "@azure/msal-node";
import { calendarConnections, instructors } from "@/db/schema";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { CONNECT_SCOPES } from "@/lib/graph/app-config";
import { msalConfiguration } from "@/lib/graph/msal-configuration";
import { inParallel, progress, setUp, type Connected, type World } from "./fixture";
import { performance } from "node:perf_hooks";

export async function seedConnections(
  world: World,
  count: number,
  options: { privacyMode?: "default" | "full_private"; label?: string } = {},
): Promise<Connected[]> {
  const started = performance.now();
  const label = options.label ?? "seeded";
  const people = Array.from({ length: count }, (_, i) => ({
    email: `${label}-${i}-${Math.random().toString(36).slice(2, 8)}@${world.domain}`,
  }));
  const users: string[] = new Array(count);
  await inParallel(people, 8, async (p, i) => {
    const { id } = await setUp<{ id: string }>(world, "POST", "/users", {
      tenantId: world.tenantId,
      email: p.email,
      displayName: `Bench instructor ${i}`,
      timeZone: "Europe/London",
    });
    users[i] = id;
  });
  if (count >= 1_000) progress(`${count} emulator users`, started);

  const caches: { homeAccountId: string; serializedCache: string }[] = new Array(count);
  const discovery = new Map<string, Promise<NetworkResponse<unknown>>>();
  await inParallel(users, 8, async (userId, i) => {
    caches[i] = await redeemMinted(world, userId, discovery);
  });
  if (count >= 1_000) progress(`${count} token caches from MSAL`, started);

  const out: Connected[] = [];
  const store = encryptedTokenCacheStore(world.db, world.ctx.secrets.tokenKeyRing);
  const now = new Date();
  for (let from = 0; from < count; from += 500) {
    const slice = people.slice(from, from + 500);
    const made = await world.db
      .insert(instructors)
      .values(
        slice.map((p, j) => ({ name: `Bench instructor ${from + j}`, email: p.email, timeZone: "Europe/London" })),
      )
      .returning({ id: instructors.id });
    const connections = await world.db
      .insert(calendarConnections)
      .values(
        made.map((instructor, j) => ({
          instructorId: instructor.id,
          status: "connected" as const,
          privacyMode: options.privacyMode ?? "default",
          homeAccountId: caches[from + j]!.homeAccountId,
          microsoftTenantId: world.tenantId,
          microsoftObjectId: users[from + j]!,
          microsoftUsername: slice[j]!.email,
          connectedAt: now,
        })),
      )
      .returning({ id: calendarConnections.id });
    await inParallel(connections, 4, async (c, j) => {
      await store.save(c.id, caches[from + j]!.serializedCache, null);
    });
    made.forEach((instructor, j) => out.push({ instructorId: instructor.id, userId: users[from + j]! }));
  }
  if (count >= 1_000) progress(`${count} connections stored`, started);
  return out;
}

/** MSAL's acquireTokenByCode against the minted answer: the serialized cache and the account's key. */
async function redeemMinted(world: World, userId: string, discovery: Map<string, Promise<NetworkResponse<unknown>>>) {
  const networkClient: INetworkModule = {
    // Discovery documents are the emulator's own (fetched once per URL).
    sendGetRequestAsync: <T>(url: string) => {
      if (!discovery.has(url))
        discovery.set(
          url,
          fetch(url).then(async (r) => ({ headers: {}, body: (await r.json()) as unknown, status: r.status })),
        );
      return discovery.get(url)! as Promise<NetworkResponse<T>>;
    },
    sendPostRequestAsync: async <T>(_url: string, request?: { body?: string }) => {
      const scope = new URLSearchParams(request?.body ?? "").get("scope") ?? "";
      const body = await world.emulatorCommand<T>("mint-tokens", { userId, scope });
      return { headers: {}, body, status: 200 };
    },
  };
  let serializedCache = "";
  const config = msalConfiguration(world.ctx.microsoft!.app, {
    beforeCacheAccess: async () => {},
    afterCacheAccess: async (ctx) => {
      if (ctx.cacheHasChanged) serializedCache = ctx.tokenCache.serialize();
    },
  });
  const client = new ConfidentialClientApplication({ ...config, system: { ...config.system, networkClient } });
  const result = await client.acquireTokenByCode({
    code: "bench-minted",
    redirectUri: world.ctx.microsoft!.app.redirectUri,
    scopes: CONNECT_SCOPES,
  });
  if (!result.account) throw new Error(`no account for ${userId}`);
  return { homeAccountId: result.account.homeAccountId, serializedCache };
}
