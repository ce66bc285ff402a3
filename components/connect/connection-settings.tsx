"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import { initialActionResult, type ActionResult } from "@/lib/errors";
import { privacyModes, type PrivacyMode } from "@/lib/connect/what-is-shared";

export function ConnectionSettings(props: {
  privacyMode: PrivacyMode;
  connected: boolean;
  savePrivacy: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  disconnect: (state: ActionResult) => Promise<ActionResult>;
}) {
  const privacy = useFormAction(props.savePrivacy);
  const [disconnectState, disconnect, disconnecting] = useActionState(props.disconnect, initialActionResult);
  return (
    <>
      <form onSubmit={privacy.onSubmit}>
        <h2>Privacy</h2>
        <div className="choices">
          {(Object.keys(privacyModes) as PrivacyMode[]).map((key) => (
            <label key={key} className="choice">
              <input type="radio" name="privacyMode" value={key} defaultChecked={props.privacyMode === key} />
              <span>
                <strong>{privacyModes[key].label}</strong>
                <br />
                {privacyModes[key].summary}
              </span>
            </label>
          ))}
        </div>
        <button type="submit" disabled={privacy.pending}>
          Save privacy mode
        </button>
        <FormMessage state={privacy.state} />
      </form>
      {props.connected && (
        <form action={disconnect} style={{ marginTop: 28 }}>
          <h2>Disconnect</h2>
          <p>
            Stops the sync at once and deletes the permission Calendar Sync holds. Training bookings it added to your
            Outlook are removed.
          </p>
          <button type="submit" className="danger" disabled={disconnecting}>
            Disconnect my calendar
          </button>
          <FormMessage state={disconnectState} />
        </form>
      )}
    </>
  );
}
