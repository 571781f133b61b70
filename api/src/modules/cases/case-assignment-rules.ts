import { LockMode, type EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { Role } from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import type { UserError } from '../../platform/graphql/user-error';
import { isOidcAccountId, isRecordId } from '../../platform/ids';
import { Account } from '../accounts/account.entity';
import { OidcAccount } from '../accounts/oidc-account.entity';
import { isViewerDepartment } from './case-access';
import { assignmentErrors } from './case-lifecycle.errors';
import type { Department } from './department.entity';

/** Roles and department of an account that could hold a case. */
type AgentAccount = { roles: readonly Role[]; departmentId: string | null };

/**
 * Reads the account `agentId` again inside the caller's transaction: an enabled local account,
 * or an OIDC user as their newest token described them. Returns null for an id that names neither.
 * On PostgreSQL the row is locked with `for share`, so disabling the account or changing its
 * roles waits until the assignment commits, and an assignment that waited reads the new state.
 * On SQLite the caller holds the database's write lock (see `lockDepartmentForCase`).
 */
async function lockAgentAccount(tx: EntityManager, agentId: string): Promise<AgentAccount | null> {
  const lockMode = tx.getPlatform() instanceof PostgreSqlPlatform ? LockMode.PESSIMISTIC_READ : undefined;
  if (isOidcAccountId(agentId)) {
    const user = await tx.findOne(OidcAccount, { id: agentId }, { lockMode, refresh: true });

    return user && { roles: user.roles, departmentId: user.departmentId ?? null };
  }
  if (!isRecordId(agentId)) {
    return null;
  }
  const account = await tx.findOne(Account, { id: agentId }, { lockMode, refresh: true });

  return account && !account.disabledAt
    ? { roles: account.roles, departmentId: account.departmentId ?? null }
    : null;
}

/**
 * Returns why `viewer`'s role may not put a case from the `current` queue into the `target`
 * queue, or no errors. An ADMINISTRATOR may make any assignment. A DEPARTMENT_MANAGER of the
 * current department may move the case to any department, and any DEPARTMENT_MANAGER may route a
 * case that is in no queue yet. An AGENT may assign only cases of their own department, within
 * that department.
 */
function roleRuleErrors(viewer: Viewer, current: Department | null, target: Department): UserError[] {
  if (viewer.roles.includes('ADMINISTRATOR')) {
    return [];
  }
  const isManager = viewer.roles.includes('DEPARTMENT_MANAGER');
  if (!current) {
    return isManager ? [] : [assignmentErrors.caseNotRouted()];
  }
  const ownsCurrent = isViewerDepartment(viewer, current);
  if (isManager && ownsCurrent) {
    return [];
  }
  if (!ownsCurrent || !viewer.roles.includes('AGENT')) {
    return [assignmentErrors.caseOutsideDepartment(current.code)];
  }
  if (target.id !== current.id) {
    return [assignmentErrors.departmentChangeNeedsManager(current.code, target.code)];
  }

  return [];
}

/**
 * Returns why `agentId` may not hold a case of the `target` department, or no errors. The agent
 * must be an enabled local account, or an OIDC user who has signed in, with the AGENT role in
 * `target`. An account names its department by code or by id, so both match.
 * NOTE: an OIDC user's roles and department are those of their newest token the API has seen,
 * so a role the issuer has since withdrawn still counts until the user signs in again.
 */
async function agentErrors(tx: EntityManager, target: Department, agentId: string): Promise<UserError[]> {
  if (!isRecordId(agentId) && !isOidcAccountId(agentId)) {
    return [assignmentErrors.malformedAgentId(agentId)];
  }
  const account = await lockAgentAccount(tx, agentId);
  if (!account && isOidcAccountId(agentId)) {
    return [assignmentErrors.oidcAgentNotFound(agentId)];
  }
  const inTarget = account?.departmentId === target.id || account?.departmentId === target.code;
  if (account && account.roles.includes('AGENT') && inTarget) {
    return [];
  }

  return [assignmentErrors.agentOutsideDepartment(agentId, target.code)];
}

/**
 * Returns why `viewer` may not put a case from the `current` queue into the `target` queue with
 * `agentId`, or no errors: first the rules of the viewer's role, then the rules for the agent.
 */
export async function assignmentRuleErrors(
  em: EntityManager,
  viewer: Viewer,
  current: Department | null,
  target: Department,
  agentId: string | null,
): Promise<UserError[]> {
  const roleErrors = roleRuleErrors(viewer, current, target);
  if (roleErrors.length > 0 || agentId === null) {
    return roleErrors;
  }

  return agentErrors(em, target, agentId);
}
