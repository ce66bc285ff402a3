/**
 * Seeded pseudo-random numbers for the `realistic` profile (issue 10 item 1): a fixed seed
 * reproduces a run. Each behaviour draws from its own named stream (mulberry32 seeded from
 * hash(seed, name)), so delta paging never shifts the notification draws and vice versa.
 */
import { createHash } from "node:crypto";

export type Rng = {
  /** [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number, stream: string): Rng {
  const derived = createHash("sha256").update(`${seed}:${stream}`).digest().readUInt32LE(0);
  const next = mulberry32(derived);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && next() < p,
  };
}

/** Named streams over one seed; `reset()` rewinds them all (emulator reset, profile change). */
export class RngStreams {
  private streams = new Map<string, Rng>();
  constructor(public seed: number) {}

  get(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) this.streams.set(name, (rng = createRng(this.seed, name)));
    return rng;
  }

  reset(seed = this.seed): void {
    this.seed = seed;
    this.streams.clear();
  }
}

/** A fresh seed when the caller gave none (exposed by GET /_emulator/profile so a run can be replayed). */
export const randomSeed = () => Math.floor(Math.random() * 2 ** 31);

/**
 * A stable draw in [0, 1) for one decision named by `key` (e.g. "delta-repeat:<page cursor>"):
 * the same seed and key give the same answer however often or in whatever order it is asked, so a
 * retried delta page looks the same as the first time.
 */
export function keyedChance(seed: number, key: string): number {
  return createHash("sha256").update(`${seed}|${key}`).digest().readUInt32LE(0) / 4294967296;
}
