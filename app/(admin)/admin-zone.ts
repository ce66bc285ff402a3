import { cookies } from "next/headers";
import { isValidTimeZone } from "@/lib/time/zoned";
import { ADMIN_ZONE_COOKIE } from "@/components/layout/admin-zone-cookie-name";

/**
 * The admin's time zone, known to the server so pages draw in it on the first paint: the browser
 * records its zone in a cookie on every page, the sign-in page included (components/layout/admin-zone-cookie.tsx).
 * Null until that cookie exists (callers draw in UTC and say so); a page's `tz` parameter still wins.
 */
export async function adminZone(): Promise<string | null> {
  const zone = (await cookies()).get(ADMIN_ZONE_COOKIE)?.value;
  return zone && isValidTimeZone(zone) ? zone : null;
}
