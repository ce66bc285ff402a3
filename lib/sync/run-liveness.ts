/**
 * How long a sync run may show queued or running without a sign of life (its heartbeat, start or
 * queue time) before the every-minute sweep asks for it again or ends it: README's promise that no
 * run shows Running for more than 10 minutes without progress.
 */
export const STALL_AFTER_MS = 10 * 60_000;
