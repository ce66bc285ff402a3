/**
 * `client_info` = base64url JSON `{"uid":"<oid>","utid":"<tid>"}` (reference §10.2). MSAL builds
 * homeAccountId "<oid>.<tid>" from it and falls back to `sub` without it (reference §11.1), so every
 * token response carries it when the client sent client_info=1 (MSAL always does).
 */
export function encodeClientInfo(userId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString("base64url");
}

export function decodeClientInfo(value: string): { uid: string; utid: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "uid" in parsed && "utid" in parsed) {
      const { uid, utid } = parsed as { uid: unknown; utid: unknown };
      if (typeof uid === "string" && typeof utid === "string") return { uid, utid };
    }
  } catch {
    // fall through: not base64url JSON
  }
  return undefined;
}
