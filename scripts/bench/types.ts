/** One line of the benchmark table. `target` and `ok` only where the issue sets a target. */
export type BenchRow = { section: string; metric: string; value: string; target?: string; ok?: boolean };

export type BenchOptions = {
  /** Short run for CI: fewer instructors and samples, same measurements. */
  quick: boolean;
  /** Instructor count of the hourly-cycle benchmark (`--instructors=N`); sections pick their default otherwise. */
  instructors?: number;
};

/** A section of `npm run bench`: measures, then returns its rows (it prints nothing itself but progress). */
export type BenchSection = { name: string; about: string; run: (opts: BenchOptions) => Promise<BenchRow[]> };
