import { GraphQLError } from 'graphql';
import { meetsVerificationLevel, type Role, type VerificationLevel } from '@ratusz/shared';

/**
 * Sender of a request. Every viewer has the PUBLIC role, and a signed-in viewer also has the
 * roles of its account.
 */
export type Viewer = {
  /**
   * Local account id, `oidc:` followed by the keyed hash of the issuer's subject for an OIDC
   * token, `api-key:` followed by the key's id for an API key, or null for an anonymous request.
   */
  id: string | null;
  roles: readonly Role[];
  /** Verification level of the account's resident identity, or null when it was never checked. */
  verificationLevel: VerificationLevel | null;
  /** Department of a staff account, or null. */
  departmentId: string | null;
  /** Session that authenticated the request, so sign-out can revoke it; null for OIDC and anonymous. */
  sessionId: string | null;
  /** Authentication method of the request. */
  source: 'anonymous' | 'session' | 'oidc' | 'api-key';
  /** The API key of an `api-key` viewer, whose per-key rate limit each request counts against. */
  apiKey?: { id: string; rateLimitPerMinute: number | null } | null;
  /**
   * When the credential stops being accepted: the session's expiry, or an OIDC token's `exp`
   * plus the allowed clock skew. Null or absent when it does not expire or is not known.
   */
  expiresAt?: Date | null;
  /** Issue time (`iat`) of an OIDC token; null or absent for other credentials. */
  issuedAt?: Date | null;
};

/** The viewer of a request without credentials. */
export const ANONYMOUS_VIEWER: Viewer = Object.freeze({
  id: null,
  roles: Object.freeze(['PUBLIC'] as Role[]),
  verificationLevel: null,
  departmentId: null,
  sessionId: null,
  source: 'anonymous',
});

/** Adds PUBLIC to an account's roles and removes duplicates. */
export function viewerRoles(roles: readonly Role[]): Role[] {
  return [...new Set<Role>(['PUBLIC', ...roles])];
}

/** Error for a request that needs a signed-in viewer. */
export function unauthenticatedError(message = 'Sign in to use this operation: send `Authorization: Bearer <token>`.') {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Error for a signed-in viewer that lacks what an operation requires. */
export function forbiddenError(message: string) {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * Throws unless `viewer` is signed in and verified at `required` or a stronger level. Modules
 * call this where an operation needs a checked resident identity, such as casting a ballot.
 */
export function requireVerificationLevel(viewer: Viewer, required: VerificationLevel): void {
  if (viewer.id === null) {
    throw unauthenticatedError();
  }
  if (!meetsVerificationLevel(viewer.verificationLevel, required)) {
    const actual = viewer.verificationLevel ?? 'not verified';
    throw forbiddenError(
      `This operation needs an account verified at ${required} or stronger; this account is ${actual}. Ask the city to verify the account.`,
    );
  }
}

/** Staff roles that may enter paper ballots and paper referendum votes on behalf of voters. */
export const PAPER_BALLOT_ROLES = ['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR'] as const satisfies readonly Role[];

/**
 * Throws unless `viewer` is signed in and has one of `roles`. Operations open to the public
 * call this where one input value, such as a PAPER channel, is reserved for staff.
 */
export function requireAnyRole(viewer: Viewer, roles: readonly Role[], action: string): void {
  if (viewer.id === null) {
    throw unauthenticatedError(`Sign in to ${action}: send \`Authorization: Bearer <token>\`.`);
  }
  if (!roles.some((role) => viewer.roles.includes(role))) {
    throw forbiddenError(`Only the roles ${roles.join(', ')} may ${action}; this account has ${viewer.roles.join(', ')}.`);
  }
}
