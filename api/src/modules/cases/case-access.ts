import type { Role } from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import { CASE_STAFF_ROLES } from './case-timeline.service';

/** Roles whose accounts belong to one department and work that department's queue. */
export const DEPARTMENT_BOUND_ROLES = ['AGENT', 'DEPARTMENT_MANAGER'] as const satisfies readonly Role[];

/**
 * Returns the viewer id to store as the reporter of a case the viewer opens, or null. Only a
 * signed-in account with the RESIDENT role and no staff role files for itself. Staff filing on a
 * resident's behalf (such as a phone call) are not the reporter, and API keys act for apps.
 */
export function residentReporterId(viewer: Viewer): string | null {
  const signedIn = viewer.id !== null && (viewer.source === 'session' || viewer.source === 'oidc');
  const staff = viewer.roles.some((role) => (CASE_STAFF_ROLES as readonly Role[]).includes(role));

  return signedIn && viewer.roles.includes('RESIDENT') && !staff ? viewer.id : null;
}

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
