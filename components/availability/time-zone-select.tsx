"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

/** The zone the grid is drawn in; without one in the URL, the viewer's own (only the browser knows it). */
export function TimeZoneSelect({ zones, current }: { zones: string[]; current: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const go = (zone: string, replace: boolean) => {
    const next = new URLSearchParams(params);
    next.set("tz", zone);
    const url = `${pathname}?${next.toString()}`;
    if (replace) router.replace(url);
    else router.push(url);
  };
  useEffect(() => {
    if (!current) go(Intl.DateTimeFormat().resolvedOptions().timeZone, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the URL has no zone
  }, [current]);
  return (
    <select
      aria-label="Time zone"
      value={current ?? "UTC"}
      onChange={(e) => go(e.target.value, false)}
      style={{ width: 220 }}
    >
      {zones.map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </select>
  );
}
