import { expect, it } from "vitest";
import { expectedMicrosoftAccount, isInvitedAccount } from "./account-binding";

it("expects the admin-set Microsoft account when there is one, else the email", () => {
  expect(expectedMicrosoftAccount({ email: "Tom@Fabrikam.example", microsoftAccount: null })).toBe(
    "tom@fabrikam.example",
  );
  expect(
    expectedMicrosoftAccount({ email: "tom@fabrikam.example", microsoftAccount: "T.Jones@corp.fabrikam.example" }),
  ).toBe("t.jones@corp.fabrikam.example");
});

it.each([
  [{ username: "TOM@fabrikam.example", verifiedEmail: null }, true],
  [{ username: "tjones@corp.example", verifiedEmail: "tom@fabrikam.example" }, true],
  [{ username: "it-admin@fabrikam.example", verifiedEmail: null }, false],
  [{ username: "it-admin@fabrikam.example", verifiedEmail: "it-admin@fabrikam.example" }, false],
  [{ username: "", verifiedEmail: null }, false],
  // A tenant whose UPNs are not mail addresses: the mailbox's `mail` is the invited address.
  [
    { username: "tj4711@fabrikam.onmicrosoft.example", verifiedEmail: null, mailboxAddress: "Tom@fabrikam.example" },
    true,
  ],
  [
    { username: "tj4711@fabrikam.onmicrosoft.example", verifiedEmail: null, mailboxAddress: "it@fabrikam.example" },
    false,
  ],
])("account %j matches tom@fabrikam.example: %s", (account, expected) => {
  expect(isInvitedAccount("tom@fabrikam.example", account)).toBe(expected);
});
