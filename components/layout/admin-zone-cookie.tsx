"use client";

import { useEffect } from "react";
import { ADMIN_ZONE_COOKIE } from "./admin-zone-cookie-name";

/**
 * Tells the server the browser's time zone (a year-long cookie), so the next page is drawn in it on the
 * first paint instead of in UTC and then again in the browser's zone. Rendered on every page, the sign-in
 * page included: an admin's first admin page already has it.
 */
export function AdminZoneCookie() {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || document.cookie.split("; ").includes(`${ADMIN_ZONE_COOKIE}=${zone}`)) return;
    document.cookie = `${ADMIN_ZONE_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
  }, []);
  return null;
}
