import { describe, expect, it } from "vitest";
import { connectionStatuses, type ConnectionStatus } from "./connection-state";
import {
  classifyGrantFailure,
  refusedGrantAction,
  refusedGrantVerdicts,
  type GrantFailure,
  type RefusedGrantAction,
  type RefusedGrantVerdict,
} from "./refused-grant";

const answer = (facts: Partial<GrantFailure>): GrantFailure => ({
  error: null,
  suberror: null,
  aadsts: null,
  status: null,
  ...facts,
});

// What the token endpoint (or MSAL) says, and what it means: graph-behaviour.md §10.2 and §11.
const verdicts: [string, Partial<GrantFailure>, RefusedGrantVerdict][] = [
  // The app's consent is gone: the instructor removed the app.
  [
    "AADSTS65001 + consent_required on refresh",
    { error: "invalid_grant", suberror: "consent_required", aadsts: 65001, status: 400 },
    "revoked_by_instructor",
  ],
  ["AADSTS65001 without a suberror", { error: "invalid_grant", aadsts: 65001, status: 400 }, "revoked_by_instructor"],
  [
    "consent_required suberror, no code",
    { error: "invalid_grant", suberror: "consent_required" },
    "revoked_by_instructor",
  ],
  // The user must sign in again; the grant itself stands.
  [
    "AADSTS50173 tokens revoked (password reset)",
    { error: "invalid_grant", aadsts: 50173, status: 400 },
    "reconnect_needed",
  ],
  [
    "AADSTS700082 refresh token inactive",
    { error: "invalid_grant", suberror: "bad_token", aadsts: 700082, status: 400 },
    "reconnect_needed",
  ],
  ["AADSTS70008 expired grant", { error: "invalid_grant", aadsts: 70008, status: 400 }, "reconnect_needed"],
  ["AADSTS70043 sign-in frequency", { error: "invalid_grant", aadsts: 70043, status: 400 }, "reconnect_needed"],
  ["AADSTS50076 MFA", { error: "interaction_required", aadsts: 50076, status: 400 }, "reconnect_needed"],
  ["AADSTS53003 Conditional Access", { error: "access_denied", aadsts: 53003, status: 400 }, "reconnect_needed"],
  [
    "user_password_expired suberror",
    { error: "invalid_request", suberror: "user_password_expired" },
    "reconnect_needed",
  ],
  ["bare invalid_grant", { error: "invalid_grant", status: 400 }, "reconnect_needed"],
  ["login_required", { error: "login_required" }, "reconnect_needed"],
  ["nothing stored to refresh with", { error: "no_tokens_found" }, "reconnect_needed"],
  ["no account in the cache", { error: "no_account_found" }, "reconnect_needed"],
  // Outages and throttling: never the instructor's doing.
  ["503 temporarily_unavailable", { error: "temporarily_unavailable", aadsts: 90033, status: 503 }, "transient"],
  ["429 throttled", { error: "temporarily_unavailable", aadsts: 50196, status: 429 }, "transient"],
  ["500 without a body", { status: 500 }, "transient"],
  ["an outage even if it names a revocation code", { error: "invalid_grant", aadsts: 65001, status: 503 }, "transient"],
  ["MSAL's own throttle (no status)", { error: "temporarily_unavailable" }, "transient"],
  ["no answer at all (network)", {}, "transient"],
  // Ours to fix (an expired client secret, a bad request): retried, the instructor is not bothered.
  ["invalid_client (expired secret)", { error: "invalid_client", aadsts: 7000222, status: 401 }, "transient"],
  ["invalid_request", { error: "invalid_request", aadsts: 90014, status: 400 }, "transient"],
];

describe("classifyGrantFailure", () => {
  it.each(verdicts)("%s → %s", (_, facts, verdict) => {
    expect(classifyGrantFailure(answer(facts))).toBe(verdict);
  });
});

// Every (verdict, status) pair, so a new status or verdict must be decided here.
const actions: Record<RefusedGrantVerdict, Record<ConnectionStatus | "none", RefusedGrantAction>> = {
  revoked_by_instructor: {
    connected: "start_removal",
    syncing: "start_removal",
    reconnect_needed: "start_removal",
    disconnecting: "dead_token",
    disconnected: "nothing",
    disconnected_by_instructor: "nothing",
    none: "nothing",
  },
  reconnect_needed: {
    connected: "mark_reconnect_needed",
    syncing: "mark_reconnect_needed",
    reconnect_needed: "nothing",
    disconnecting: "dead_token",
    disconnected: "nothing",
    disconnected_by_instructor: "nothing",
    none: "nothing",
  },
  transient: {
    connected: "nothing",
    syncing: "nothing",
    reconnect_needed: "nothing",
    disconnecting: "nothing",
    disconnected: "nothing",
    disconnected_by_instructor: "nothing",
    none: "nothing",
  },
};

describe("refusedGrantAction", () => {
  const pairs = refusedGrantVerdicts.flatMap((verdict) =>
    [...connectionStatuses, "none" as const].map((status) => [verdict, status] as const),
  );
  it.each(pairs)("%s while %s", (verdict, status) => {
    expect(refusedGrantAction(verdict, status === "none" ? null : status)).toBe(actions[verdict][status]);
  });
});
