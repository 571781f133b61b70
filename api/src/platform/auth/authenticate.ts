import type { EntityManager } from '@mikro-orm/core';
import { SECRET_PREFIX as API_KEY_PREFIX, authenticateApiKey } from '../../modules/access/api-key.service';
import { SESSION_TOKEN_PREFIX, viewerForSessionToken } from '../../modules/accounts/account.service';
import { recordOidcAccount } from '../../modules/accounts/oidc-account.service';
import type { Logger } from '../logger';
import { referenceView } from '../reference-cache/reference-cache';
import { InvalidTokenError, type OidcVerifier } from './oidc';
import { ANONYMOUS_VIEWER, unauthenticatedError, type Viewer } from './viewer';

/**
 * Credentials of a request: the `Authorization` and `X-Api-Key` headers (HTTP), or the
 * `authorization` and `apiKey` connection parameters (WebSocket).
 */
export type Credentials = { authorization: unknown; apiKey: unknown };

export type AuthenticationDependencies = {
  em: EntityManager;
  oidc: OidcVerifier | undefined;
  logger: Logger;
  hashKey: string;
};

/** Messages for the reasons `authenticateApiKey` rejects a key, each naming the fix. */
const API_KEY_REJECTIONS = {
  invalid:
    'The API key is unknown, or it was rotated and this is the old secret: send the current secret returned by createApiKey or rotateApiKey.',
  revoked: 'The API key is revoked: ask an administrator for a new key.',
  scope: 'The API key lacks the graphql scope: ask an administrator for a key with the graphql scope.',
} as const;

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Resolves the viewer of a request from its credentials. No credentials give the anonymous
 * viewer. A credential that is present but invalid fails the request with UNAUTHENTICATED
 * instead of silently treating the client as anonymous, and so does sending both at once.
 */
export async function authenticate(credentials: Credentials, dependencies: AuthenticationDependencies): Promise<Viewer> {
  const hasAuthorization = !isAbsent(credentials.authorization);
  const hasApiKey = !isAbsent(credentials.apiKey);
  if (hasAuthorization && hasApiKey) {
    throw unauthenticatedError(
      'The request sends both an Authorization header and an API key: send only one, `X-Api-Key` for an application or `Authorization: Bearer` for a signed-in account.',
    );
  }
  if (hasApiKey) {
    return authenticateGraphQLApiKey(credentials.apiKey, dependencies);
  }
  if (!hasAuthorization) {
    return ANONYMOUS_VIEWER;
  }

  return authenticateBearer(credentials.authorization, dependencies);
}

/** Resolves an API key with the `graphql` scope to an application viewer with the PUBLIC role only. */
async function authenticateGraphQLApiKey(secret: unknown, dependencies: AuthenticationDependencies): Promise<Viewer> {
  if (typeof secret !== 'string') {
    throw unauthenticatedError('The API key is malformed: send the secret as one string.');
  }
  const { em, hashKey } = dependencies;
  const result = await authenticateApiKey(em, hashKey, secret.trim(), 'graphql', new Date(), await referenceView(em));
  if (!result.ok) {
    // Only the reason is logged: the secret, or any part of it, never is.
    dependencies.logger.info({ reason: result.reason }, 'api key rejected');
    throw unauthenticatedError(result.reason === 'missing' ? API_KEY_REJECTIONS.invalid : API_KEY_REJECTIONS[result.reason]);
  }
  const { apiKey } = result;

  return {
    id: `api-key:${apiKey.id}`,
    // Keys give third-party applications public access only: whatever the key's scopes, the
    // viewer never gets resident or staff roles.
    roles: ANONYMOUS_VIEWER.roles,
    verificationLevel: null,
    departmentId: null,
    sessionId: null,
    source: 'api-key',
    apiKey: { id: apiKey.id, rateLimitPerMinute: apiKey.rateLimitPerMinute ?? null },
  };
}

async function authenticateBearer(authorization: unknown, dependencies: AuthenticationDependencies): Promise<Viewer> {
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  if (!match) {
    throw unauthenticatedError('The Authorization header is malformed: send `Bearer <token>`.');
  }
  const token = match[1]!;

  if (token.startsWith(SESSION_TOKEN_PREFIX)) {
    const viewer = await viewerForSessionToken(dependencies.em, token);
    if (!viewer) {
      throw unauthenticatedError('The session token is unknown, expired or revoked: sign in again.');
    }

    return viewer;
  }
  if (token.startsWith(API_KEY_PREFIX)) {
    throw unauthenticatedError(
      'The bearer token is an API key: send it in the `X-Api-Key` header, or the `apiKey` connection parameter on WebSocket.',
    );
  }

  if (!dependencies.oidc) {
    throw unauthenticatedError('The bearer token is not a Ratusz session token, and this API has no OIDC issuer configured.');
  }
  let viewer: Viewer;
  try {
    viewer = await dependencies.oidc.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      dependencies.logger.info({ reason: error.message }, 'bearer token rejected');
      throw unauthenticatedError(error.message);
    }
    throw error;
  }
  // Case assignment checks agents against this record, so it is kept current on every token.
  await recordOidcAccount(dependencies.em, viewer);

  return viewer;
}
