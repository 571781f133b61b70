/** Scopes an API key can carry. */
export const API_KEY_SCOPES = ['open311:write', 'graphql'] as const;

/** Operation an API key may perform. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Largest per-key rate limit staff can set, in requests per minute. */
export const MAX_RATE_LIMIT_PER_MINUTE = 100_000;

/** Rate limit of new keys when staff set none, in requests per minute. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
