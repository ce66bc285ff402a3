/** A round status mark drawn in SVG (emoji fonts are not everywhere). */
export function StatusIcon({ tone }: { tone: "ok" | "warn" | "info" }) {
  const color = { ok: "#067647", warn: "#b54708", info: "#2456d3" }[tone];
  return (
    <svg className="status-icon" width="44" height="44" viewBox="0 0 44 44" aria-hidden>
      <circle cx="22" cy="22" r="21" fill={color} opacity="0.12" />
      <circle cx="22" cy="22" r="15" fill={color} />
      {tone === "ok" && (
        <path
          d="M15 22.5l5 5 9-10"
          stroke="#fff"
          strokeWidth="3"
          fill="none"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {tone === "warn" && <path d="M22 14v10M22 29v1" stroke="#fff" strokeWidth="3" strokeLinecap="round" />}
      {tone === "info" && <path d="M22 20v10M22 14v1" stroke="#fff" strokeWidth="3" strokeLinecap="round" />}
    </svg>
  );
}
