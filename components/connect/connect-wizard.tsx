"use client";

import { useEffect, useRef, useState } from "react";
import { privacyModes, type PrivacyMode } from "@/lib/connect/what-is-shared";
import { WhatFlows } from "./what-flows";

const stepTitles = ["What is shared", "Your privacy", "Connect"];

/**
 * The instructor's three steps. The last one is a plain form post, so the browser itself goes
 * through Microsoft's sign-in and comes back with the cookie that ties the sign-in to it.
 */
export function ConnectWizard({
  token,
  firstName,
  email,
  reconnect,
}: {
  token: string;
  firstName: string;
  email: string;
  reconnect: boolean;
}) {
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<PrivacyMode>("full_private");
  // After Next or Back, focus moves to the new step's heading, so a screen reader starts reading there;
  // never on the first paint, where the browser's own start of page is right.
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step]);
  const go = (next: number) => {
    moved.current = true;
    setStep(next);
  };

  return (
    <>
      <ol className="steps" aria-label="Steps">
        {stepTitles.map((title, i) => (
          <li key={title} aria-current={i === step ? "step" : undefined} className={i < step ? "done" : undefined}>
            {i + 1}. {title}
          </li>
        ))}
      </ol>

      {step === 0 && (
        <section aria-labelledby="step-title">
          <h1 id="step-title" ref={heading} tabIndex={-1}>
            {reconnect ? `Reconnect your calendar, ${firstName}` : `Hi ${firstName}, connect your Outlook calendar`}
          </h1>
          <p>
            Calendar Sync keeps your Microsoft 365 calendar and the training platform in step. Training you are booked
            on appears in Outlook on its own, and your own appointments count as busy time, so nobody books you when you
            are not free. Here is exactly what flows each way:
          </p>
          <WhatFlows />
          <p className="muted">Nothing else is read: no email, contacts or files. You can disconnect at any time.</p>
          <div className="actions">
            <span />
            <button type="button" onClick={() => go(1)}>
              Next: choose your privacy
            </button>
          </div>
        </section>
      )}

      {step === 1 && (
        <section aria-labelledby="step-title">
          <h1 id="step-title" ref={heading} tabIndex={-1}>
            How much of your calendar may the platform see?
          </h1>
          <p>Either way, coordinators only use it to avoid booking you when you are busy. You can change this later.</p>
          <fieldset className="choices" style={{ border: 0, padding: 0 }}>
            <legend className="sr-only">Privacy mode</legend>
            {(Object.keys(privacyModes) as PrivacyMode[]).map((key) => (
              <label key={key} className="choice">
                <input type="radio" name="privacy" value={key} checked={mode === key} onChange={() => setMode(key)} />
                <span>
                  <strong>{privacyModes[key].label}</strong>
                  {key === "full_private" && (
                    <span className="badge active" style={{ marginLeft: 8 }}>
                      Most private
                    </span>
                  )}
                  <br />
                  {privacyModes[key].summary}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => go(0)}>
              Back
            </button>
            <button type="button" onClick={() => go(2)}>
              Next: connect
            </button>
          </div>
        </section>
      )}

      {step === 2 && (
        <section aria-labelledby="step-title">
          <h1 id="step-title" ref={heading} tabIndex={-1}>
            Sign in with Microsoft
          </h1>
          <p>
            You chose <strong>{privacyModes[mode].label}</strong>. Next, Microsoft asks you to sign in as{" "}
            <strong>{email}</strong> and to allow Calendar Sync to maintain access to your calendar and read your basic
            profile.
          </p>
          <p className="muted">
            If your organisation needs an administrator to approve new apps, we will tell you what to send them.
          </p>
          <form method="post" action={`/connect/${token}/start`} className="actions">
            <input type="hidden" name="privacyMode" value={mode} />
            <button type="button" className="secondary" onClick={() => go(1)}>
              Back
            </button>
            <button type="submit">Connect Microsoft 365</button>
          </form>
        </section>
      )}
    </>
  );
}
