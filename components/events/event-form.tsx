"use client";

import { useState } from "react";
import { FieldError, FormMessage } from "@/components/forms/field-error";
import type { ActionResult } from "@/lib/errors";
import { useFormAction } from "@/components/forms/use-form-action";
import type { EventFormValues } from "./event-form-values";
import { SessionsEditor } from "./sessions-editor";
import { ResourcesEditor } from "./resources-editor";
import { eventLifecycleLabels, meetingProviderLabels, meetingProviders } from "@/lib/training/vocabulary";

export type LocationOption = { id: string; name: string; timeZone: string; venues: { id: string; name: string }[] };

type Props = {
  action: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  values: EventFormValues;
  locations: LocationOption[];
  timeZones: string[];
  lifecycleOptions: EventFormValues["lifecycle"][];
  submitLabel: string;
};

export function EventForm({ action, values, locations, timeZones, lifecycleOptions, submitLabel }: Props) {
  const { state, onSubmit, pending } = useFormAction(action);
  const [locationId, setLocationId] = useState(values.locationId);
  const [timeZone, setTimeZone] = useState(values.timeZone);
  const [provider, setProvider] = useState(values.meetingProvider);
  const location = locations.find((l) => l.id === locationId);
  const effectiveZone = timeZone || location?.timeZone || "";

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <FormMessage state={state} />
      <div className="grid2">
        <div className="field">
          <label htmlFor="title">Title</label>
          <input id="title" name="title" defaultValue={values.title} required />
          <FieldError state={state} name="title" />
        </div>
        <div className="grid2">
          <div className="field">
            <label htmlFor="courseCode">Course code</label>
            <input id="courseCode" name="courseCode" defaultValue={values.courseCode} />
            <FieldError state={state} name="courseCode" />
          </div>
          <div className="field">
            <label htmlFor="lifecycle">Status</label>
            <select id="lifecycle" name="lifecycle" defaultValue={values.lifecycle}>
              {lifecycleOptions.map((l) => (
                <option key={l} value={l}>
                  {eventLifecycleLabels[l]}
                </option>
              ))}
            </select>
            <FieldError state={state} name="lifecycle" />
          </div>
        </div>
      </div>
      <div className="grid3">
        <div className="field">
          <label htmlFor="locationId">Location</label>
          <select id="locationId" name="locationId" value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            <option value="">No location (online)</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <FieldError state={state} name="locationId" />
        </div>
        <div className="field">
          <label htmlFor="venueId">Venue</label>
          <select
            id="venueId"
            name="venueId"
            defaultValue={values.venueId}
            key={locationId}
            disabled={!location?.venues.length}
          >
            <option value="">No venue</option>
            {location?.venues.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
          <FieldError state={state} name="venueId" />
        </div>
        <div className="field">
          <label htmlFor="timeZone">Time zone</label>
          <select id="timeZone" name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            <option value="">{location ? `Location's (${location.timeZone})` : "Choose a time zone"}</option>
            {timeZones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <FieldError state={state} name="timeZone" />
        </div>
      </div>
      <fieldset className="panel" style={{ margin: 0 }}>
        <legend className="label">Sessions</legend>
        <p className="hint muted" data-testid="sessions-zone">
          {effectiveZone ? `Dates and times are in ${effectiveZone}.` : "Choose a location or time zone first."}
        </p>
        <SessionsEditor initial={values.sessions} state={state} />
        <FieldError state={state} name="sessions" />
      </fieldset>
      <div className="grid3">
        <div className="field">
          <label htmlFor="meetingProvider">Virtual meeting</label>
          <select
            id="meetingProvider"
            name="meetingProvider"
            value={provider}
            onChange={(e) => setProvider(e.target.value as typeof provider)}
          >
            <option value="">None</option>
            {meetingProviders.map((p) => (
              <option key={p} value={p}>
                {meetingProviderLabels[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ gridColumn: "span 2" }}>
          <label htmlFor="meetingUrl">Join link</label>
          <input
            id="meetingUrl"
            name="meetingUrl"
            type="url"
            defaultValue={values.meetingUrl}
            disabled={!provider}
            placeholder="https://"
          />
          <FieldError state={state} name="virtualMeeting.joinUrl" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea id="description" name="description" defaultValue={values.description} />
      </div>
      <fieldset className="panel" style={{ margin: 0 }}>
        <legend className="label">Resources booked</legend>
        <ResourcesEditor initial={values.resources} state={state} />
      </fieldset>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}
