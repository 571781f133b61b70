import type { Role } from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';

/** Roles whose accounts belong to one department and work that department's queue. */
export const DEPARTMENT_BOUND_ROLES = ['AGENT', 'DEPARTMENT_MANAGER'] as const satisfies readonly Role[];

/** The department of a case as events and GraphQL nodes carry it. */
export type CaseDepartmentRef = { id: string; code: string } | null | undefined;

/**
 * Reports whether a staff viewer's department is `department`. An account names its department
 * by code (such as `roads`) or by id, so both match.
 * NOTE: department codes are unique per jurisdiction only, so a code matches the department of
 * that code in every jurisdiction.
 */
export function isViewerDepartment(viewer: Viewer, department: { id: string; code: string }): boolean {
  return viewer.departmentId !== null && (viewer.departmentId === department.id || viewer.departmentId === department.code);
}

/**
 * Reports whether `viewer` works the case whose queue is `department`, and so may read its
 * reporter's contact, internal notes and assignment. Administrators work every case. Agents and
 * department managers work the cases of their own department, and every case still without a
 * department, because the contact centre triages those.
 */
export function worksCase(viewer: Viewer, department: CaseDepartmentRef): boolean {
  if (viewer.id === null) {
    return false;
  }
  if (viewer.roles.includes('ADMINISTRATOR')) {
    return true;
  }
  if (!DEPARTMENT_BOUND_ROLES.some((role) => viewer.roles.includes(role))) {
    return false;
  }

  return !department || isViewerDepartment(viewer, department);
}
