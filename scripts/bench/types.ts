/** One line of the benchmark table. `target` and `ok` only where the issue sets a target. */
export type BenchRow = { section: string; metric: string; value: string; target?: string; ok?: boolean };

export type BenchOptions = {
  /** Short run for CI: fewer instructors and samples, same measurements. */
  quick: boolean;
  /**
   * CI's run (`--smoke`, implies quick): every section at a tiny size, to prove it still runs. Its figures
   * mean nothing; targets are for the quick and full runs.
   */
  smoke?: boolean;
  /** Instructor count of the `pull` and `cycle` sections (`--instructors=N`); each picks its default otherwise. */
  instructors?: number;
};

/** A section of `npm run bench`: measures, then returns its rows (it prints nothing itself but progress). */
export type BenchSection = { name: string; about: string; run: (opts: BenchOptions) => Promise<BenchRow[]> };

/** The sizes a run measures at, printed with its table (the quick run is CI's: a few minutes in all). */
export function benchSizes(opts: BenchOptions) {
  return {
    /** Connected instructors of the `pull` section's cycles (requests per instructor, Full Private Mode). */
    instructors: opts.instructors ?? (opts.smoke ? 3 : opts.quick ? 12 : 2_000),
    /** Connected instructors of the `cycle` section: the hourly cycle at its real size, at Graph's latency. */
    cycleInstructors: opts.instructors ?? (opts.smoke ? 10 : opts.quick ? 100 : 10_000),
    /** Bookings timed from saved to in Outlook. */
    bookings: opts.smoke ? 5 : opts.quick ? 30 : 200,
    /** Events of the calendar read by a first pull. */
    firstPullEvents: opts.smoke ? 200 : 2_000,
  };
}
