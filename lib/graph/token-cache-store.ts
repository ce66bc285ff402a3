/** Where a connection's serialized MSAL cache lives; the implementation encrypts it (lib/connect). */
export type StoredTokenCache = { data: string; version: number };

export type TokenCacheStore = {
  load(connectionId: string): Promise<StoredTokenCache | null>;
  /**
   * Saves when the stored version is still `expectedVersion` (null: nothing stored yet) and returns
   * the new version, or null when another process saved first.
   */
  save(connectionId: string, data: string, expectedVersion: number | null): Promise<number | null>;
};
