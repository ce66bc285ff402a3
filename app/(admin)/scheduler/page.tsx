import Link from "next/link";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import { schedulerEvents } from "@/db/queries/scheduler";
import { requireAdmin } from "@/lib/auth/guards";
import { adminZone } from "../admin-zone";
import { allTimeZones } from "@/lib/time/time-zones";
import { TimeZoneSelect } from "@/components/availability/time-zone-select";
import { SchedulerTimeline } from "@/components/scheduler/scheduler-timeline";
import { schedulerAxis, schedulerBoard, schedulerParams, schedulerRange } from "@/components/scheduler/scheduler-view";

export const metadata = { title: "Scheduler" };

type Search = { tz?: string; start?: string; view?: string };

export default async function SchedulerPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const raw = await searchParams;
  // The admin's zone from the server (a cookie) unless the URL names one: drawn right on the first paint.
  const zone = raw.tz || (await adminZone());
  const params = schedulerParams({ ...raw, tz: zone ?? undefined }, new Date());
  const events = await schedulerEvents(await getDb(), schedulerRange(params));
  const axis = schedulerAxis(params, []);
  const board = schedulerBoard(params, events);
  const link = (change: Search) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...raw, ...change })) if (v) next.set(k, v);
    return `/scheduler?${next.toString()}`;
  };
  const step = params.view === "week" ? 7 : 1;
  const shift = (n: number) => link({ start: DateTime.fromISO(params.start).plus({ days: n }).toISODate()! });
  const unit = params.view === "week" ? "week" : "day";
  const zones = allTimeZones();
  if (!zones.includes("UTC")) zones.unshift("UTC");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Scheduler</h1>
          <p className="muted">
            Draft and active events by location, one lane per booked instructor, hour by hour in {params.zone}. Sessions
            in red clash with the instructor&apos;s Outlook calendar or another booking (the striped band under them
            shows when); open one to plan its instructors.
          </p>
        </div>
      </div>
      <nav className="toolbar" aria-label="Dates">
        <Link href={shift(-step)} aria-label={`Previous ${unit}`}>
          ← Previous
        </Link>
        <Link href={link({ start: undefined })}>Today</Link>
        <Link href={shift(step)} aria-label={`Next ${unit}`}>
          Next →
        </Link>
        <span className="segmented" role="group" aria-label="View">
          <Link href={link({ view: "day" })} aria-current={params.view === "day" ? "page" : undefined}>
            Day
          </Link>
          <Link href={link({ view: "week" })} aria-current={params.view === "week" ? "page" : undefined}>
            Week
          </Link>
        </span>
        <strong className="range-label">
          {params.view === "week"
            ? `${axis.days[0]!.label} – ${axis.days[axis.days.length - 1]!.label}`
            : axis.days[0]!.label}
        </strong>
        <TimeZoneSelect zones={zones} current={zone === params.zone ? params.zone : null} />
      </nav>
      <p className="legend muted small" aria-hidden="true">
        <span className="swatch bar-swatch" /> Session <span className="swatch bar-swatch draft" /> Draft{" "}
        <span className="swatch bar-swatch conflict" /> In conflict <span className="swatch clash-swatch" /> Clashing
        time
      </p>
      {board.length === 0 && <p className="muted">No draft or active events in these days.</p>}
      {board.map(({ block, axis: hours }) => (
        <SchedulerTimeline key={block.key} block={block} axis={hours} />
      ))}
    </>
  );
}
