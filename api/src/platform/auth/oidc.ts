import { isRole, type Role } from '@ratusz/shared';
import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { OidcConfig } from '../config';
import { hashIdentifier } from '../identity';
import type { Viewer } from './viewer';
import { viewerRoles } from './viewer';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type KeySet = ReturnType<Jose['createRemoteJWKSet']>;

/** A token the issuer did not sign for us, or one that is expired, malformed or from another issuer. */
export class InvalidTokenError extends Error {}

/** Verifies bearer tokens from one OpenID Connect issuer and maps their claims to a viewer. */
export type OidcVerifier = { verify: (token: string) => Promise<Viewer> };

/** Time allowed between our clock and the issuer's when checking `exp` and `nbf`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Creates a verifier that fetches the issuer's discovery document on first use. It then checks
 * each token's signature against the published JWKS, and its issuer, audience, expiry and
 * algorithm. jose caches the keys and fetches them again when a token names an unknown key id.
 */
export function createOidcVerifier(config: OidcConfig, hashKey: string): OidcVerifier {
  let keySet: Promise<{ jose: Jose; keys: KeySet }> | undefined;
  const loadKeySet = async () => {
    // jose 6 is published as an ES module only, so this CommonJS build loads it dynamically.
    const jose = await import('jose');
    const discoveryUrl = `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      throw new Error(`OIDC discovery at ${discoveryUrl} failed with HTTP ${response.status}`);
    }
    const discovery = (await response.json()) as { issuer?: string; jwks_uri?: string };
    if (discovery.issuer !== config.issuer || !discovery.jwks_uri) {
      throw new Error(`OIDC discovery at ${discoveryUrl} names issuer ${String(discovery.issuer)}, expected ${config.issuer} with a jwks_uri`);
    }

    return { jose, keys: jose.createRemoteJWKSet(new URL(discovery.jwks_uri)) };
  };

  return {
    verify: async (token) => {
      keySet ??= loadKeySet().catch((error: unknown) => {
        // Try discovery again on the next request instead of caching the failure.
        keySet = undefined;
        throw error;
      });
      const { jose, keys } = await keySet;
      let payload: JWTPayload;
      try {
        ({ payload } = await jose.jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          requiredClaims: ['sub', 'exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (error) {
        if (error instanceof jose.errors.JOSEError) {
          throw new InvalidTokenError(`The bearer token was rejected: ${error.code}.`);
        }
        throw error;
      }

      return viewerFromClaims(config, hashKey, payload);
    },
  };
}

/** Reads a claim at a dot-separated path such as `realm_access.roles`. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }

  return value;
}

/** Maximum length of a department claim, the width of the `department.code` column. */
const MAX_DEPARTMENT_CLAIM_LENGTH = 120;

/**
 * Reports whether a department claim can name a department: a non-empty string of at most
 * MAX_DEPARTMENT_CLAIM_LENGTH characters without control characters. Other values give the
 * viewer no department, since no department could match them and PostgreSQL rejects NUL.
 */
function isDepartmentClaim(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_DEPARTMENT_CLAIM_LENGTH &&
    !/[\u0000-\u001f\u007f]/.test(value)
  );
}

/**
 * Maps verified claims to a viewer. Role claim values pass through `roleMapping` when it is set,
 * otherwise values equal to a Ratusz role name are taken; anything else is ignored. OIDC viewers
 * carry no verification level, because the issuer does not state one in a standard claim. A
 * department claim that cannot name a department (see `isDepartmentClaim`) is ignored.
 */
export function viewerFromClaims(config: OidcConfig, hashKey: string, payload: JWTPayload): Viewer {
  const claim = claimAt(payload, config.rolesClaim);
  // Issuers send roles as a JSON array or, like the OAuth `scope` claim, as one space-separated string.
  let values: unknown[] = [];
  if (Array.isArray(claim)) {
    values = claim;
  } else if (typeof claim === 'string') {
    values = claim.split(' ');
  }
  const roles: Role[] = [];
  for (const value of values) {
    if (typeof value !== 'string') {
      continue;
    }
    const role = config.roleMapping.size > 0 ? config.roleMapping.get(value) : isRole(value) ? value : undefined;
    if (role && role !== 'PUBLIC') {
      roles.push(role);
    }
  }
  const department = config.departmentClaim ? claimAt(payload, config.departmentClaim) : undefined;

  return {
    id: `oidc:${hashIdentifier(hashKey, 'oidc-subject', `${config.issuer}\u0000${payload.sub!}`)}`,
    roles: viewerRoles(roles),
    verificationLevel: null,
    departmentId: isDepartmentClaim(department) ? department : null,
    sessionId: null,
    source: 'oidc',
    expiresAt: typeof payload.exp === 'number' ? new Date((payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000) : null,
    issuedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : null,
  };
}
