/** `send` after shutdown began. */
export class JobRuntimeStoppedError extends Error {
  name = "JobRuntimeStoppedError";
}

/** An event whose payload does not match its declared schema. */
export class InvalidJobEventError extends Error {
  name = "InvalidJobEventError";
}

/** The abort reason when shutdown interrupts a run waiting on a timer. */
export class RunAbandonedError extends Error {
  name = "RunAbandonedError";
}
