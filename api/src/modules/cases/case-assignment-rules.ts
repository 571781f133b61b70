import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../platform/auth/viewer';
import type { UserError } from '../../platform/graphql/user-error';
import { isOidcAccountId, isRecordId } from '../../platform/ids';
import { Account } from '../accounts/account.entity';
import { isViewerDepartment } from './case-access';
import { assignmentErrors } from './case-lifecycle.errors';
import type { Department } from './department.entity';

/** Reports whether `agentId` is an enabled local account with the AGENT role in `department`. */
async function isDepartmentAgent(
  em: EntityManager,
  agentId: string,
  department: Department,
): Promise<boolean> {
  if (!isRecordId(agentId)) {
    return false;
  }
  const account = await em.findOne(Account, { id: agentId, disabledAt: null });

  return (
    account !== null &&
    account.roles.includes('AGENT') &&
    (account.departmentId === department.id || account.departmentId === department.code)
  );
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
 * must be an enabled local account with the AGENT role in `target`, or the viewer themselves when
 * they are an AGENT of `target`.
 * NOTE: OIDC agents have no local account, so their roles and department cannot be checked. A
 * DEPARTMENT_MANAGER or an ADMINISTRATOR may give a case to any `oidc:` id, and an agent may give
 * it to an OIDC colleague only through one of them.
 */
async function agentErrors(
  em: EntityManager,
  viewer: Viewer,
  target: Department,
  agentId: string,
): Promise<UserError[]> {
  if (agentId === viewer.id && viewer.roles.includes('AGENT') && isViewerDepartment(viewer, target)) {
    return [];
  }
  const mayNameOidcAgent = viewer.roles.includes('ADMINISTRATOR') || viewer.roles.includes('DEPARTMENT_MANAGER');
  if (mayNameOidcAgent && isOidcAccountId(agentId)) {
    return [];
  }
  if (await isDepartmentAgent(em, agentId, target)) {
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

  return agentErrors(em, viewer, target, agentId);
}
