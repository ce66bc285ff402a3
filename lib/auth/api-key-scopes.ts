/**
 * What an API key may do: read (GET only) or read-write (every /api/v1 call). The database enum
 * (api_key_scope), the form's options and the service's validation all come from these values.
 * No imports: drizzle-kit loads this file with the schema.
 */
export const apiKeyScopes = ["read", "read-write"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeyScopeLabels: Record<ApiKeyScope, string> = { "read-write": "Read and write", read: "Read only" };
