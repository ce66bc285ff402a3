import { DateTime } from "luxon";
import { sql } from "drizzle-orm";
import { adminUsers } from "../schema";
import type { Db } from "../types";
import { hashPassword } from "@/lib/auth/password";
import { createContext } from "@/lib/context/create-context";
import type { ServiceContext } from "@/lib/context/service-context";
import { discardJobs } from "@/lib/jobs/jobs";
import { createInstructor } from "@/lib/services/training/create-instructor";
import { createEvent } from "@/lib/services/training/create-event";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { updateEvent } from "@/lib/services/training/update-event";
import { addVenue } from "@/lib/services/training/add-venue";
import { saveLocation } from "@/lib/services/training/save-location";
import { demoAdmin, demoInstructors } from "./demo-people";
import { demoCourses, demoLocations } from "./demo-catalogue";

/** Seeds only a database that has no admin yet, so restarts never duplicate the demo. */
export async function seedDemoDataIfEmpty(db: Db, options: { now: Date }): Promise<boolean> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(adminUsers);
  if ((row?.count ?? 0) > 0) return false;
  await seedDemoData(db, options);
  return true;
}

/**
 * The demo organisation: 3 locations, 12 instructors and 25 events over the next 3 months
 * (multi-session, some drafts, one cancelled), booked through the same services the app uses.
 */
export async function seedDemoData(db: Db, { now }: { now: Date }): Promise<void> {
  // The demo is booked at one instant and starts no jobs (none of its services send any).
  const base = createContext({ db, now: () => now, jobs: discardJobs });
  await db.transaction(async (tx) => {
    const ctx: ServiceContext = { ...base, db: tx };
    await tx.insert(adminUsers).values({
      email: demoAdmin.email,
      name: demoAdmin.name,
      role: "owner",
      passwordHash: await hashPassword(demoAdmin.password),
    });

    const places = [];
    for (const spec of demoLocations) {
      const location = await saveLocation({ ctx, input: spec });
      const venues = [];
      for (const name of spec.venues) venues.push(await addVenue({ ctx, locationId: location.id, input: { name } }));
      places.push({ location, venues });
    }

    const instructors = [];
    for (const person of demoInstructors) instructors.push(await createInstructor({ ctx, input: person }));

    for (const [index, course] of demoCourses.entries()) {
      const place = places[index % places.length]!;
      const zone = place.location.timeZone;
      const firstDay = nextWorkingDay(
        DateTime.fromJSDate(now, { zone })
          .startOf("day")
          .plus({ days: 3 + index * 3 }),
      );
      const days = [firstDay];
      while (days.length < course.days) days.push(nextWorkingDay(days.at(-1)!.plus({ days: 1 })));
      const sessions = days.map((dayStart, day) => {
        const date = dayStart.toFormat("yyyy-MM-dd");
        return {
          name: course.days > 1 ? `Day ${day + 1}` : null,
          start: `${date}T${course.start}`,
          end: `${date}T${course.end}`,
        };
      });
      const event = await createEvent({
        ctx,
        input: {
          title: course.title,
          courseCode: course.code,
          lifecycle: course.lifecycle,
          locationId: place.location.id,
          venueId: course.virtual === "only" ? null : place.venues[index % place.venues.length]!.id,
          virtualMeeting: course.virtual
            ? { provider: course.virtual === "only" ? "teams" : "zoom", joinUrl: meetingUrl(course.code) }
            : null,
          description: course.description,
          sessions,
          resources: course.resources,
        },
      });
      const people = [instructors[index % 12]!, instructors[(index + 5) % 12]!, instructors[(index + 7) % 12]!].slice(
        0,
        course.instructors,
      );
      for (const [i, instructor] of people.entries()) {
        const role = i === 0 ? "lead" : i === 1 ? "co-instructor" : "assistant";
        await assignInstructor({ ctx, eventId: event.event.id, instructorId: instructor.id, input: { role } });
      }
      if (course.cancelAfterBooking) {
        await updateEvent({ ctx, id: event.event.id, input: { lifecycle: "cancelled" } });
      }
    }
  });
}

function nextWorkingDay(day: DateTime): DateTime {
  return day.weekday > 5 ? day.plus({ days: 8 - day.weekday }) : day;
}

function meetingUrl(code: string) {
  return `https://meet.example.com/${code.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}
