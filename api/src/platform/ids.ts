import { userError, type UserError } from './graphql/user-error';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks that `id` has the shape of our record ids (a UUID). PostgreSQL raises an error for a
 * malformed uuid, so ids from clients are checked before they reach a query.
 */
export function isRecordId(id: string): boolean {
  return UUID_PATTERN.test(id);
}

/** OIDC viewer ids: `oidc:` and the keyed hash of the issuer's subject (see platform/auth/oidc.ts). */
const OIDC_ACCOUNT_ID_PATTERN = /^oidc:[A-Za-z0-9_-]{43}$/;

/** Reports whether `id` has the shape of an OIDC viewer id, which has no local account. */
export function isOidcAccountId(id: string): boolean {
  return OIDC_ACCOUNT_ID_PATTERN.test(id);
}

/** Maximum length of a voter or participant id, in characters. */
export const MAX_PERSON_ID_LENGTH = 200;

/**
 * Returns why a voter or participant id supplied by a client cannot be used, or null when it
 * can: it must have visible characters, at most `MAX_PERSON_ID_LENGTH` of them, and no control
 * characters.
 */
export function personIdProblem(value: string): string | null {
  if (value.trim().length === 0) {
    return 'is empty: pass the identifier the register gives this person';
  }
  if (value.length > MAX_PERSON_ID_LENGTH) {
    return `is ${value.length} characters long: the maximum is ${MAX_PERSON_ID_LENGTH}`;
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    return 'contains control characters: pass plain text';
  }

  return null;
}

/** Builds the payload error for an unusable voter or participant id in input field `field`. */
export function invalidPersonId(field: string, problem: string): UserError {
  return userError('INVALID_PERSON_ID', `The ${field} ${problem}.`, [field]);
}
