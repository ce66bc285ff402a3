/**
 * In-memory mailboxes keyed by user id: the user's profile, calendars (one default), stored events,
 * transactionId index, change journal, delta epoch and subscriptions. `GraphStore` is what the HTTP
 * layer holds; `reset()` gives tests and the control API a clean slate.
 */
import type { StoredEvent } from "./event-types";
import { changeKeyFor, newCalendarId, newEventId } from "./ids";
import { Journal, type SeriesSnapshot } from "./journal";
import type { Subscription } from "./subscriptions";

export type MailboxOwner = {
  id: string;
  displayName: string;
  /** Also the userPrincipalName. */
  email: string;
  /** IANA zone of the user's mailbox settings (seed + /me mailboxSettings). */
  timeZone?: string;
  /** Primary SMTP address when it differs from the UPN (Graph's `user.mail`). */
  mail?: string;
};

/** microsoft.graph.calendar as stored (CSDL calendar, §1.1). */
export type Calendar = {
  id: string;
  name: string;
  color: "auto";
  hexColor: string;
  isDefaultCalendar: boolean;
  changeKey: string;
  canShare: boolean;
  canViewPrivateItems: boolean;
  canEdit: boolean;
  isRemovable: boolean;
  isTallyingResponses: boolean;
  owner: { name: string; address: string };
  allowedOnlineMeetingProviders: string[];
  defaultOnlineMeetingProvider: string;
};

/** Store-wide switches of the realistic profile (realism.ts), shared by every mailbox like `ids`. */
export type StoreBehaviour = {
  deletedItems: boolean;
  transactionIdWindowMs: number | null;
  zoneNames: "any" | "documented";
};

export const defaultBehaviour = (): StoreBehaviour => ({
  deletedItems: false,
  transactionIdWindowMs: null,
  zoneNames: "any",
});

/** Where deleted items go when `deletedItems` is on: a folder, not a calendar (never listed, never in a view). */
export const deletedItemsFolderId = (ownerId: string) => `deleteditems-${ownerId}`;
export const isDeletedItemsFolder = (folderId: string) => folderId.startsWith("deleteditems-");

export type TransactionRecord = { eventId: string; createdMs: number };

export class Mailbox {
  readonly calendars = new Map<string, Calendar>();
  readonly defaultCalendarId: string;
  readonly events = new Map<string, StoredEvent>();
  /** transactionId -> event first created under it, so a replayed create returns that event (§1 transactionId). */
  readonly transactionIds = new Map<string, TransactionRecord>();
  /** Purged events a remembered transactionId still names (realism `transactionIdWindowMs`). */
  readonly purged = new Map<string, StoredEvent>();
  readonly deletedItemsFolderId: string;
  readonly journal = new Journal();
  readonly subscriptions = new Map<string, Subscription>();
  /** Folder moves per stored event id: each one changes the default id, never the immutable id (id-forms.ts). */
  readonly moves = new Map<string, number>();
  /** Set by POST /_emulator/delta/expire: whether its 410s carry a `Location` (undefined: the profile decides). */
  deltaGoneLocation: boolean | undefined;
  /** Set by POST /_emulator/delta/expire `{error}`: the status and code its expired tokens answer with (default 410 SyncStateNotFound). */
  deltaGoneError: { status: number; code: string } | undefined;
  private idCounter = 0;

  constructor(
    readonly owner: MailboxOwner,
    /** Delta tokens minted under an older epoch are rejected with 410 (§3 token expiry). */
    public deltaEpoch: number,
    /** Shared with the store: whether default and immutable ids differ (the profile's switch). */
    readonly ids: { distinct: boolean } = { distinct: false },
    readonly behaviour: StoreBehaviour = defaultBehaviour(),
  ) {
    this.defaultCalendarId = newCalendarId(owner.id);
    this.deletedItemsFolderId = deletedItemsFolderId(owner.id);
    this.calendars.set(this.defaultCalendarId, {
      id: this.defaultCalendarId,
      name: "Calendar",
      color: "auto",
      hexColor: "",
      isDefaultCalendar: true,
      changeKey: changeKeyFor(this.defaultCalendarId, 1),
      canShare: true,
      canViewPrivateItems: true,
      canEdit: true,
      isRemovable: false,
      isTallyingResponses: true,
      owner: { name: owner.displayName, address: owner.email },
      allowedOnlineMeetingProviders: ["teamsForBusiness"],
      defaultOnlineMeetingProvider: "teamsForBusiness",
    });
  }

  nextEventId(): string {
    return newEventId(this.owner.id, ++this.idCounter, this.ids.distinct ? "immutable" : "rest");
  }

  exceptionsOf(masterId: string): StoredEvent[] {
    return [...this.events.values()].filter((e) => e.type === "exception" && e.seriesMasterId === masterId);
  }

  /** The unit (event + exceptions if a master) as it is now; null if it does not exist. */
  snapshot(rootId: string): SeriesSnapshot | null {
    const root = this.events.get(rootId);
    if (!root) return null;
    return structuredClone({ root, exceptions: root.type === "seriesMaster" ? this.exceptionsOf(rootId) : [] });
  }

  /** Single instances and series masters: what GET /events lists (§2); items in Deleted Items are in no calendar. */
  topLevelEvents(calendarId?: string): StoredEvent[] {
    return [...this.events.values()].filter(
      (e) =>
        (e.type === "singleInstance" || e.type === "seriesMaster") &&
        (calendarId ? e.calendarId === calendarId : !isDeletedItemsFolder(e.calendarId)),
    );
  }
}

export class GraphStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  /** Global so epochs never repeat across resets. */
  private epochCounter = 0;
  /** One switch for every mailbox (realism.ts `distinctImmutableIds`). */
  readonly ids = { distinct: false };
  /** The other store-wide switches (realism.ts `deletedItems`, `transactionIdWindowMs`, `zoneNames`). */
  readonly behaviour = defaultBehaviour();

  addUser(owner: MailboxOwner): Mailbox {
    const mb = new Mailbox(owner, ++this.epochCounter, this.ids, this.behaviour);
    this.mailboxes.set(owner.id, mb);
    return mb;
  }

  /** By object id or UPN/email (case-insensitive), as `/users/{id|upn}` allows. */
  find(idOrUpn: string): Mailbox | undefined {
    const direct = this.mailboxes.get(idOrUpn);
    if (direct) return direct;
    const lower = idOrUpn.toLowerCase();
    return [...this.mailboxes.values()].find((m) => m.owner.email.toLowerCase() === lower);
  }

  all(): Mailbox[] {
    return [...this.mailboxes.values()];
  }

  /** Invalidate every delta token of a mailbox (control API POST /_emulator/delta/expire). */
  expireDeltaTokens(userId: string, location?: boolean, error?: { status: number; code: string }): boolean {
    const mb = this.find(userId);
    if (!mb) return false;
    mb.deltaEpoch = ++this.epochCounter;
    mb.deltaGoneLocation = location;
    mb.deltaGoneError = error;
    return true;
  }

  /** Drop all mailboxes (the owners must be re-added). */
  reset(): void {
    this.mailboxes.clear();
  }
}
