import type { BenchRow } from "./types";

/** The rows as one plain-text table: section, metric, value, target, ok (ok / MISS, blank without a target). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["section", "metric", "value", "target", "ok"];
  const cells = rows.map((r) => [
    r.section,
    r.metric,
    r.value,
    r.target ?? "",
    r.ok === undefined ? "" : r.ok ? "ok" : "MISS",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}
