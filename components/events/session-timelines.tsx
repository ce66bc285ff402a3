import type { SessionConflictsView } from "./session-conflicts";

/**
 * Per session a strip: the session's hours (hatched) an hour either side, each conflict under it at
 * its time, titled with what the planner may see ("Busy", "Private" or the title); then the same
 * conflicts in words. The strip is a picture of the list beside it, hidden from screen readers.
 */
export function SessionTimelines({ sessions }: { sessions: SessionConflictsView[] }) {
  return (
    <div className="session-timelines">
      {sessions.map((s) => (
        <section key={s.sessionId} className="session-timeline" aria-label={s.label}>
          <div className="small session-timeline-label">{s.label}</div>
          <div className="mini-strip" aria-hidden="true">
            <span className="mini-session" style={{ left: `${s.session.left}%`, width: `${s.session.width}%` }} />
            {s.conflicts.map((c, i) => (
              <span
                key={c.key}
                className={`mini-conflict${c.tentative ? " tentative" : ""}${c.source === "internal" ? " internal" : ""}`}
                style={{ left: `${c.left}%`, width: `${c.width}%`, top: 14 + (i % 3) * 16 }}
                title={`${c.title} · ${c.when}`}
              >
                {c.title}
              </span>
            ))}
          </div>
          <div className="mini-axis small muted" aria-hidden="true">
            <span>{s.axis.start}</span>
            <span>{s.axis.end}</span>
          </div>
          <ul className="conflict-list" data-testid="conflict-list">
            {s.conflicts.map((c) => (
              <li key={c.key} className={c.tentative ? "tentative" : undefined}>
                <strong>{c.title}</strong>
                {c.source === "internal" && <span className="badge info">Internal</span>}
                <div>{c.when}</div>
                {c.own && <div className="muted">Their time: {c.own}</div>}
                <div className="muted">{c.label}</div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
