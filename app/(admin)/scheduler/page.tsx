import Link from "next/link";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import { schedulerEvents } from "@/db/queries/scheduler";
import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { dayColumns, gridParams } from "@/components/availability/availability-view";
import { TimeZoneSelect } from "@/components/availability/time-zone-select";
import { schedulerTimeline } from "@/components/scheduler/scheduler-view";

export const metadata = { title: "Scheduler" };

type Search = { tz?: string; start?: string; view?: string };

export default async function SchedulerPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const raw = await searchParams;
  const params = gridParams(raw, new Date());
  const days = dayColumns(params);
  const events = await schedulerEvents(await getDb(), { from: days[0]!.start, to: days[days.length - 1]!.end });
  const timeline = schedulerTimeline(events, days, params.zone);
  const shift = (n: number) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({
      ...raw,
      start: DateTime.fromISO(params.start).plus({ days: n }).toISODate()!,
    }))
      if (v) next.set(k, v);
    return `/scheduler?${next.toString()}`;
  };
  const zones = allTimeZones();
  if (!zones.includes("UTC")) zones.unshift("UTC");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Scheduler</h1>
          <p className="muted">
            Draft and active events by location, one lane per booked instructor, in {params.zone}. Sessions in red
            overlap the instructor&apos;s Outlook calendar or another booking; open one to plan its instructors.
          </p>
        </div>
      </div>
      <nav className="toolbar" aria-label="Dates">
        <Link href={shift(-params.days)}>← Previous</Link>
        <Link href={shift(params.days)}>Next →</Link>
        <Link href={`/scheduler?${new URLSearchParams({ ...raw, view: params.days === 7 ? "4weeks" : "week" })}`}>
          {params.days === 7 ? "4 weeks" : "Week"}
        </Link>
        <TimeZoneSelect zones={zones} current={raw.tz && raw.tz === params.zone ? params.zone : null} />
      </nav>
      {timeline.length === 0 && <p className="muted">No draft or active events in these days.</p>}
      {timeline.map((block) => (
        <section key={block.key} className="panel" data-testid="scheduler-location">
          <h2>{block.name}</h2>
          <div className="availability-scroll">
            <table className="availability">
              <thead>
                <tr>
                  <th scope="col">Instructor</th>
                  {days.map((d) => (
                    <th key={d.key} scope="col" className={d.weekend ? "weekend" : undefined}>
                      {d.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.lanes.map((lane) => (
                  <tr key={lane.key} data-testid="scheduler-lane">
                    <th scope="row">{lane.name}</th>
                    {lane.cells.map((chips, i) => (
                      <td key={days[i]!.key} className={days[i]!.weekend ? "weekend" : undefined}>
                        {chips.map((chip, j) => (
                          <Link
                            key={j}
                            href={chip.href}
                            title={chip.title}
                            className={`chip${chip.conflicts ? " conflict" : ""}${chip.draft ? " draft" : ""}`}
                            data-testid="scheduler-chip"
                          >
                            {chip.conflicts > 0 && <span className="chip-count">{chip.conflicts}</span>}
                            {chip.text}
                          </Link>
                        ))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
