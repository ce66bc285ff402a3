/**
 * Graph calendar half of the Microsoft 365 emulator: pure modules only (no HTTP, no clock, no
 * process.env). How faithful each piece is, and how routes wire onto these exports: README.md.
 * Facts come from docs/graph-behaviour.md (§1–8, §9 subscriptions, §13).
 */
export * from "./errors";
export * from "./time-zones";
export { windowsToIana } from "./windows-zones";
export * from "./prefer";
export * from "./ids";
export type * from "./event-types";
export { YEAR_ONE } from "./event-types";
export { normaliseBody, normaliseLocation, reconcileLocations, wrapHtml, htmlToText } from "./event-fields";
export * from "./event-normalise";
export * from "./event-render";
export * from "./recurrence-input";
export * from "./recurrence";
export * from "./recurrence-expand";
export * from "./journal";
export * from "./mailbox";
export * from "./event-store";
export * from "./odata";
export * from "./odata-filter";
export * from "./calendar-view";
export * from "./delta-token";
export * from "./delta";
export * from "./batch";
export * from "./throttle";
export * from "./outbound";
export * from "./validation-handshake";
export * from "./subscriptions";
export * from "./notifier";
export * from "./schema-validator";
export * from "./render-directory";
export * from "./seed";
