/**
 * At most `perWindow` log lines per source (a client address) in each window; the lines held back are counted
 * and reported with the source's next line that gets through. In memory, per process: it only protects the logs,
 * so losing it on a restart costs nothing. Sources are forgotten when their window ends.
 */
export function logRateLimiter({ perWindow = 5, windowMs = 60_000, maxSources = 10_000 } = {}) {
  const sources = new Map<string, { windowStart: number; used: number; suppressed: number }>();
  return (source: string, now = Date.now()): { allowed: boolean; suppressed: number } => {
    let entry = sources.get(source);
    if (!entry || now - entry.windowStart >= windowMs) {
      if (!entry && sources.size >= maxSources)
        for (const [key, value] of sources) if (now - value.windowStart >= windowMs) sources.delete(key);
      if (!entry && sources.size >= maxSources) return { allowed: false, suppressed: 0 };
      entry = { windowStart: now, used: 0, suppressed: entry?.suppressed ?? 0 };
      sources.set(source, entry);
    }
    if (entry.used >= perWindow) {
      entry.suppressed++;
      return { allowed: false, suppressed: 0 };
    }
    entry.used++;
    const suppressed = entry.suppressed;
    entry.suppressed = 0;
    return { allowed: true, suppressed };
  };
}
