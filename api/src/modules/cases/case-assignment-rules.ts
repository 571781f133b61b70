import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../../platform/auth/viewer';
import type { UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import { Account } from '../accounts/account.entity';
import { isViewerDepartment } from './case-access';
import { assignmentErrors } from './case-lifecycle.errors';
import type { Department } from './department.entity';

/**
 * Reports whether `agentId` is an enabled local account with the AGENT role in `department`.
 * NOTE: OIDC agents have no local account, so an agent can give a case to an OIDC colleague only
 * through a DEPARTMENT_MANAGER or an ADMINISTRATOR.
 */
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
 * Returns why `viewer` may not put a case from the `current` queue into the `target` queue with
 * `agentId`, or no errors. An ADMINISTRATOR may make any assignment. A DEPARTMENT_MANAGER of the
 * current department may move the case to any department and agent, and any DEPARTMENT_MANAGER
 * may route a case that is in no queue yet. An AGENT may assign only cases of their own
 * department, within that department, to themselves, to another agent of it or to its queue.
 */
export async function assignmentRuleErrors(
  em: EntityManager,
  viewer: Viewer,
  current: Department | null,
  target: Department,
  agentId: string | null,
): Promise<UserError[]> {
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
  if (
    agentId !== null &&
    agentId !== viewer.id &&
    !(await isDepartmentAgent(em, agentId, current))
  ) {
    return [assignmentErrors.agentOutsideDepartment(agentId, current.code)];
  }

  return [];
}
