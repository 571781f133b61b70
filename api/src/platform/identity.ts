import { createHmac } from 'node:crypto';

/**
 * Derives the keyed hash stored in place of a personal identifier (voter id, participant id).
 * The same key and value always give the same hash, so imports stay idempotent and one ballot
 * per voter can be enforced, while the stored value cannot be reversed without the key.
 */
export function hashIdentifier(key: string, namespace: string, value: string): string {
  return createHmac('sha256', key).update(`${namespace}\u0000${value}`).digest('base64url');
}
