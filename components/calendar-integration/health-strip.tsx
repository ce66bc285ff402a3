import { describeHour, stripOutcomeLabels, stripOutcomes, type StripHour } from "./health-strip-view";

/**
 * The instructor page's 24 hours of runs: one column per hour, stacked by outcome (worst at the top,
 * each part's height its share of the hour's runs); an empty column had no run. Colour is never alone:
 * each column's name lists its counts, and the legend names every colour.
 */
export function HealthStrip({ hours, zone }: { hours: StripHour[]; zone: string }) {
  const totals = Object.fromEntries(
    stripOutcomes.map((o) => [o, hours.reduce((sum, h) => sum + h.counts[o], 0)]),
  ) as Record<(typeof stripOutcomes)[number], number>;
  return (
    <section className="panel" data-testid="health-strip-panel">
      <h2>Last 24 hours</h2>
      <p className="muted small">Every pull, push and removal by the hour it started · times in {zone}</p>
      <ol className="health-strip" data-testid="health-strip">
        {hours.map((hour, i) => (
          <li
            key={hour.start}
            className={`health-strip-hour${hour.total === 0 ? " empty" : ""}`}
            title={describeHour(hour, hours[i + 1]?.label ?? "now")}
            aria-label={describeHour(hour, hours[i + 1]?.label ?? "now")}
            data-total={hour.total}
          >
            {[...stripOutcomes]
              .reverse()
              .map((o) =>
                hour.counts[o] > 0 ? (
                  <span key={o} style={{ flexGrow: hour.counts[o], background: swatch[o] }} />
                ) : null,
              )}
          </li>
        ))}
      </ol>
      <div className="health-strip-axis" aria-hidden="true">
        <span>{hours[0]?.label}</span>
        <span>{hours[12]?.label}</span>
        <span>now</span>
      </div>
      <div className="health-strip-legend">
        {stripOutcomes.map((o) => (
          <span key={o} style={{ ["--swatch" as string]: swatch[o] }}>
            {stripOutcomeLabels[o]} {totals[o]}
          </span>
        ))}
      </div>
    </section>
  );
}

const swatch: Record<(typeof stripOutcomes)[number], string> = {
  failed: "#d92d20",
  held: "#f79009",
  retrying: "#fdb022",
  running: "#2e90fa",
  succeeded: "#17b26a",
};
