/** The key to the day bars: each kind by its place and pattern, named in words. */
export function AvailabilityLegend() {
  const part = (kind: string) => (
    <span className="day-bar" aria-hidden="true">
      <span className={`day-bar-part ${kind}`} style={{ left: "30%", width: "40%" }} />
    </span>
  );
  return (
    <p className="legend muted small" data-testid="availability-legend">
      <span className="legend-item">
        {part("internal")}
        Booked here (upper half, hatched)
      </span>
      <span className="legend-item">
        {part("external")}
        Outlook (lower half, solid)
      </span>
      <span className="legend-item">
        {part("tentative")}
        Tentative (lower half, dashed)
      </span>
      <span className="legend-item">
        <span className="swatch unknown" aria-hidden="true" /> Availability unknown
      </span>
      <span className="legend-item">Each bar is a day, midnight to midnight; the lighter middle is 08:00–18:00.</span>
    </p>
  );
}
