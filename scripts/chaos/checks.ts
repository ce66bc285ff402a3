/**
 * What a chaos run checked, printed as it goes; the run fails if any check did. A check may name a
 * known product bug (see KNOWN_BUGS in invariants.ts): while the bug is there its failure is printed as
 * KNOWN and does not fail the run, and once the invariant holds the run fails until the marker is
 * removed, so a fix makes the check strict. `--strict` counts known bugs as failures.
 */
export class Checks {
  private readonly broken: string[] = [];
  private readonly known: string[] = [];
  private count = 0;

  constructor(private readonly strict: boolean) {}

  /** Records one invariant: `ok` with a line saying what was seen either way. */
  check(name: string, ok: boolean, seen: string, options: { knownBug?: string } = {}) {
    this.count++;
    const { knownBug } = options;
    let mark = ok ? "ok  " : "FAIL";
    if (knownBug && !ok && !this.strict) {
      mark = "KNOWN";
      this.known.push(`${name} (${knownBug})`);
    } else if (knownBug && ok) {
      mark = "FIXED";
      this.broken.push(`${name}: holds now; remove its known-bug marker (${knownBug})`);
    } else if (!ok) this.broken.push(name);
    console.log(`  ${mark.padEnd(5)} ${name}: ${seen}${knownBug && !ok ? `  [known bug: ${knownBug}]` : ""}`);
  }

  summary() {
    const known = this.known.length ? `; ${this.known.length} broken by known bugs: ${this.known.join("; ")}` : "";
    return this.broken.length === 0
      ? `${this.count - this.known.length} of ${this.count} invariants held${known}`
      : `${this.broken.length} of ${this.count} checks failed: ${this.broken.join("; ")}${known}`;
  }

  get ok() {
    return this.broken.length === 0;
  }
}

const started = Date.now();

/** A step of the run, with the seconds since it started. */
export function step(message: string) {
  console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}
