import type { EntityManager } from '@mikro-orm/core';
import { SESSION_TOKEN_PREFIX, viewerForSessionToken } from '../../modules/accounts/account.service';
import type { Logger } from '../logger';
import { InvalidTokenError, type OidcVerifier } from './oidc';
import { ANONYMOUS_VIEWER, unauthenticatedError, type Viewer } from './viewer';

/**
 * Resolves the viewer of a request from its `Authorization` header (HTTP) or the
 * `authorization` connection parameter (WebSocket). No header gives the anonymous viewer. A
 * header that is present but invalid fails the request with UNAUTHENTICATED instead of
 * silently treating the client as anonymous.
 */
export async function authenticate(
  authorization: unknown,
  dependencies: { em: EntityManager; oidc: OidcVerifier | undefined; logger: Logger },
): Promise<Viewer> {
  if (authorization === undefined || authorization === null || authorization === '') {
    return ANONYMOUS_VIEWER;
  }
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

  if (!dependencies.oidc) {
    throw unauthenticatedError('The bearer token is not a Ratusz session token, and this API has no OIDC issuer configured.');
  }
  try {
    return await dependencies.oidc.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      dependencies.logger.info({ reason: error.message }, 'bearer token rejected');
      throw unauthenticatedError(error.message);
    }
    throw error;
  }
}
