import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Role } from '@ratusz/shared';
import { withAuditScope } from '../../platform/audit/audit-subscriber';
import type { Viewer } from '../../platform/auth/viewer';
import { OidcAccount } from './oidc-account.entity';

function sameRoles(left: readonly Role[], right: readonly Role[]): boolean {
  return left.length === right.length && left.every((role) => right.includes(role));
}

/**
 * Records the OIDC user behind a verified token: creates their `oidc_account` row on their first
 * token, and updates it when a token issued no earlier than the stored one grants other roles or
 * names another department. Most
 * requests find the row up to date and only read it. The write is audited with the user as actor.
 * Two first requests of one user at once both try to insert, and the loser's unique violation is
 * ignored because the winner stored the same user.
 */
export async function recordOidcAccount(
  em: EntityManager,
  viewer: Viewer,
  now = new Date(),
): Promise<void> {
  if (viewer.source !== 'oidc' || viewer.id === null) {
    return;
  }
  const id = viewer.id;
  const roles = viewer.roles.filter((role) => role !== 'PUBLIC');
  const departmentId = viewer.departmentId;
  const issuedAt = viewer.issuedAt ?? null;
  const stored = await em.findOne(OidcAccount, { id }, { refresh: true });
  if (stored && sameRoles(stored.roles, roles) && (stored.departmentId ?? null) === departmentId) {
    return;
  }
  if (stored?.tokenIssuedAt && (!issuedAt || issuedAt < stored.tokenIssuedAt)) {
    // An older token than the one the row reflects (or one without `iat`) leaves it as it is.
    return;
  }
  if (stored) {
    stored.roles = roles;
    stored.departmentId = departmentId;
    stored.tokenIssuedAt = issuedAt;
    stored.updatedAt = now;
  } else {
    em.create(OidcAccount, { id, roles, departmentId, tokenIssuedAt: issuedAt, firstSeenAt: now, updatedAt: now });
  }
  try {
    await withAuditScope({ actorId: id, operation: 'oidcSignIn' }, () => em.flush());
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) {
      throw error;
    }
    em.clear();
  }
}
