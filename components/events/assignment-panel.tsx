"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import type { ActionResult } from "@/lib/errors";
import { assignmentRoleLabels, assignmentRoles } from "@/lib/training/vocabulary";

/** `push`: where their Outlook entries stand (components/events/push-status-summary.ts); null on a draft or cancelled event. */
type Assigned = { id: string; name: string; email: string; role: string; push: string | null };

export function AssignmentPanel(props: {
  assigned: Assigned[];
  candidates: { id: string; name: string }[];
  assign: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  unassign: (instructorId: string) => Promise<void>;
  locked: boolean;
}) {
  const { state, onSubmit, pending } = useFormAction(props.assign);
  return (
    <div className="rows">
      <table className="data" data-testid="assigned-instructors">
        <thead>
          <tr>
            <th>Instructor</th>
            <th>Role</th>
            <th>Outlook</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.assigned.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                Nobody is booked yet.
              </td>
            </tr>
          )}
          {props.assigned.map((a) => (
            <tr key={a.id}>
              <td>
                <strong>{a.name}</strong>
                <div className="muted">{a.email}</div>
              </td>
              <td>{a.role}</td>
              <td className={a.push?.startsWith("Failed") ? "small error" : "small"} data-testid="push-status">
                {a.push ?? "—"}
              </td>
              <td style={{ textAlign: "right" }}>
                <form action={props.unassign.bind(null, a.id)}>
                  <button type="submit" className="danger">
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.locked ? (
        <p className="muted">This event is cancelled; nobody can be booked on it.</p>
      ) : (
        <form onSubmit={onSubmit} className="toolbar" style={{ marginTop: 8 }}>
          <select name="instructorId" aria-label="Instructor" required defaultValue="">
            <option value="" disabled>
              Choose an instructor…
            </option>
            {props.candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <select name="role" aria-label="Role" defaultValue="lead" style={{ width: 170 }}>
            {assignmentRoles.map((r) => (
              <option key={r} value={r}>
                {assignmentRoleLabels[r]}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending}>
            Assign
          </button>
          <FieldError state={state} name="role" />
          <FormMessage state={state} />
        </form>
      )}
    </div>
  );
}
