/**
 * Reads the event form into the shape eventInputSchema validates. Sessions are typed as a date and
 * two wall-clock times in the event's zone; the service turns them into instants.
 */
export function eventFormToInput(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const orNull = (name: string) => text(name) || null;
  const indexes = (prefix: string) =>
    [...new Set([...form.keys()].flatMap((k) => new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(k)?.[1] ?? []))]
      .map(Number)
      .sort((a, b) => a - b);

  const sessions = indexes("sessions").map((i) => {
    const date = text(`sessions.${i}.date`);
    return {
      name: orNull(`sessions.${i}.name`),
      start: `${date}T${text(`sessions.${i}.start`)}`,
      end: `${date}T${text(`sessions.${i}.end`)}`,
    };
  });
  const resources = indexes("resources")
    .map((i) => ({ name: text(`resources.${i}.name`), quantity: Number(text(`resources.${i}.quantity`) || "1") }))
    .filter((r) => r.name !== "");
  const provider = text("meetingProvider");

  return {
    title: text("title"),
    courseCode: text("courseCode"),
    lifecycle: text("lifecycle") || "draft",
    locationId: orNull("locationId"),
    venueId: orNull("venueId"),
    timeZone: orNull("timeZone"),
    virtualMeeting: provider ? { provider, joinUrl: text("meetingUrl") } : null,
    description: text("description"),
    sessions,
    resources,
  };
}
