import type { FieldErrors } from "@/lib/errors";

/**
 * What is missing or wrong in the event form, said as the form asks it ("Choose a date"), before the
 * API's schema sees it: its messages describe the JSON format ("2026-12-01T09:00"), which the form's
 * date and time boxes never show. Keys are the form's field names, so each message sits by its box.
 */
export function eventFormProblems(form: FormData): FieldErrors {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const problems: FieldErrors = {};
  const add = (name: string, message: string) => (problems[name] ??= []).push(message);
  if (!text("title")) add("title", "Give the event a title.");
  const provider = text("meetingProvider");
  if (provider && !/^https?:\/\/\S+$/i.test(text("meetingUrl")))
    add("virtualMeeting.joinUrl", "Paste the meeting's join link, starting with https://.");
  const sessions = [...form.keys()].flatMap((k) => /^sessions\.(\d+)\.date$/.exec(k)?.[1] ?? []);
  for (const i of sessions) {
    const n = Number(i) + 1;
    const [date, start, end] = ["date", "start", "end"].map((f) => text(`sessions.${i}.${f}`));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date!)) add(`sessions.${i}.date`, `Choose a date for session ${n}.`);
    if (!/^\d{2}:\d{2}$/.test(start!)) add(`sessions.${i}.start`, "Choose a start time.");
    if (!/^\d{2}:\d{2}$/.test(end!)) add(`sessions.${i}.end`, "Choose an end time.");
    else if (start && end! <= start) add(`sessions.${i}.end`, "Choose an end time after the start.");
  }
  return problems;
}
