/**
 * Roles an account can hold. PUBLIC is the role of every request, signed in or not, so an
 * operation declared PUBLIC needs no account.
 */
export const ROLES = [
  'PUBLIC',
  'RESIDENT',
  'AGENT',
  'DEPARTMENT_MANAGER',
  'DECISION_MAKER',
  'ADMINISTRATOR',
  'AUDITOR',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that only city staff hold; a staff account also names its department. */
export const STAFF_ROLES: readonly Role[] = ['AGENT', 'DEPARTMENT_MANAGER', 'DECISION_MAKER', 'ADMINISTRATOR', 'AUDITOR'];

/**
 * Levels of checking a resident's identity, weakest first: a confirmed e-mail address, a
 * match against the census or voter register, or a check of documents in person.
 */
export const VERIFICATION_LEVELS = ['EMAIL_CONFIRMED', 'CENSUS_MATCH', 'IN_PERSON'] as const;

export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

/** Reports whether `role` is one of `ROLES`. */
export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * Reports whether an account verified at `actual` (null when never verified) meets `required`.
 * Each level includes the weaker ones.
 */
export function meetsVerificationLevel(actual: VerificationLevel | null, required: VerificationLevel): boolean {
  if (actual === null) {
    return false;
  }

  return VERIFICATION_LEVELS.indexOf(actual) >= VERIFICATION_LEVELS.indexOf(required);
}
