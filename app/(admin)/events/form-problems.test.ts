import { expect, it } from "vitest";
import { eventFormProblems } from "./form-problems";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};

it("asks for what is missing in the form's own words, next to each box", () => {
  expect(
    eventFormProblems(
      formOf({
        title: " ",
        meetingProvider: "zoom",
        meetingUrl: "zoom.us/j/1",
        "sessions.0.date": "",
        "sessions.0.start": "09:00",
        "sessions.0.end": "",
        "sessions.2.date": "2027-01-12",
        "sessions.2.start": "17:00",
        "sessions.2.end": "09:00",
      }),
    ),
  ).toEqual({
    title: ["Give the event a title."],
    "virtualMeeting.joinUrl": ["Paste the meeting's join link, starting with https://."],
    "sessions.0.date": ["Choose a date for session 1."],
    "sessions.0.end": ["Choose an end time."],
    "sessions.2.end": ["Choose an end time after the start."],
  });
});

it("finds nothing wrong in a complete form", () => {
  const form = formOf({
    title: "First Aid",
    "sessions.0.date": "2027-01-12",
    "sessions.0.start": "09:00",
    "sessions.0.end": "17:00",
  });
  expect(eventFormProblems(form)).toEqual({});
});
