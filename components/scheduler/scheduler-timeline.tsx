import Link from "next/link";
import type { Axis, LocationBlock } from "./scheduler-view";

const ROW = 28;

/**
 * One location's hour timeline: a header of days and hours, then a lane per instructor with their
 * sessions placed by time. Sessions are links (Tab moves through them in time order, each read out in
 * full); the header and the clash bands are decoration, their content repeated in the links' labels.
 */
export function SchedulerTimeline({ block, axis }: { block: LocationBlock; axis: Axis }) {
  const n = axis.days.length;
  const grid = (
    <>
      {axis.days.map((d, i) => (
        <div
          key={d.key}
          className={`track-day${d.weekend ? " weekend" : ""}`}
          style={{ left: `${(i / n) * 100}%`, width: `${100 / n}%` }}
        />
      ))}
      {axis.ticks.map((t) => (
        <div key={t.left} className="track-tick" style={{ left: `${t.left}%` }} />
      ))}
    </>
  );
  return (
    <section className="panel" data-testid="scheduler-location" aria-label={block.name}>
      <h2>{block.name}</h2>
      <div className="timeline">
        <div className="timeline-head" aria-hidden="true">
          <div className="lane-name" />
          <div className="track">
            {n > 1 &&
              axis.days.map((d, i) => (
                <div
                  key={d.key}
                  className={`track-day-label${d.weekend ? " weekend" : ""}`}
                  style={{ left: `${(i / n) * 100}%`, width: `${100 / n}%` }}
                >
                  {d.label}
                </div>
              ))}
            {axis.ticks.map((t) => (
              <span
                key={t.left}
                className="track-hour"
                // The last hour's label ends at the track's edge instead of running 34 px past it.
                style={{
                  left: `${t.left}%`,
                  top: n > 1 ? 20 : 2,
                  transform: t.left >= 100 ? "translateX(-100%)" : undefined,
                }}
              >
                {t.label}
              </span>
            ))}
          </div>
        </div>
        <ul className="lanes">
          {block.lanes.map((lane) => (
            <li key={lane.key} className="lane" data-testid="scheduler-lane">
              <div className="lane-name">
                {lane.name}
                {lane.conflicts > 0 && (
                  <span className="lane-conflicts">
                    {lane.conflicts} conflict{lane.conflicts === 1 ? "" : "s"}
                  </span>
                )}
              </div>
              <div className="track" style={{ height: lane.rows * ROW + 8 }}>
                {grid}
                {lane.clashes.map((c) => (
                  <div
                    key={c.key}
                    className="clash"
                    aria-hidden="true"
                    title={c.title}
                    style={{ left: `${c.left}%`, width: `${c.width}%`, height: lane.rows * ROW + 8 }}
                  />
                ))}
                <ul className="bars" aria-label={`Sessions of ${lane.name}`}>
                  {lane.bars.map((bar) => (
                    <li key={bar.key}>
                      <Link
                        href={bar.href}
                        title={bar.title}
                        // Starts with what it shows (axe: label-content-name-mismatch), then says it in full.
                        aria-label={`${bar.text}: ${bar.description}`}
                        className={`bar${bar.conflicts ? " conflict" : ""}${bar.draft ? " draft" : ""}`}
                        style={{ left: `${bar.left}%`, width: `${bar.width}%`, top: 4 + bar.row * ROW }}
                        data-testid="scheduler-chip"
                      >
                        {bar.conflicts > 0 && (
                          <span className="chip-count" aria-hidden="true">
                            {bar.conflicts}
                          </span>
                        )}
                        {bar.text}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
