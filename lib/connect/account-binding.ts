/**
 * Whose calendar a sign-in may connect. The invitation names an instructor; the Microsoft account
 * that signs in must be theirs: its sign-in name (UPN, `preferred_username`), its verified email or
 * its mailbox's address (`/me`'s `mail`, for tenants whose UPNs are not mail addresses) must equal the
 * address we expect, compared case-insensitively. The expected address is the one an admin set as the
 * instructor's Microsoft account, else their email.
 */
export function expectedMicrosoftAccount(instructor: { email: string; microsoftAccount: string | null }): string {
  return (instructor.microsoftAccount ?? instructor.email).trim().toLowerCase();
}

export function isInvitedAccount(
  expected: string,
  account: { username: string; verifiedEmail: string | null; mailboxAddress?: string | null },
): boolean {
  const same = (value: string | null | undefined) => !!value && value.trim().toLowerCase() === expected;
  return same(account.username) || same(account.verifiedEmail) || same(account.mailboxAddress);
}

/** The domain part of an address, lower-cased ("" when there is none). */
export function domainOf(address: string): string {
  return address.split("@")[1]?.toLowerCase() ?? "";
}
