import { CASE_TRANSITIONS, type CaseStatus, type CloseReason } from '@ratusz/shared';
import { userError, type UserError } from '../../platform/graphql/user-error';

/** Maximum length of a timeline note, in characters. */
export const MAX_NOTE_LENGTH = 5_000;

/** Maximum length of an evidence URL or an agent id, in characters. */
export const MAX_EVIDENCE_URL_LENGTH = 2_000;
export const MAX_AGENT_ID_LENGTH = 100;

/** Control characters other than tab and line breaks; PostgreSQL text cannot contain NUL. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Builds the payload errors of the life-cycle mutations, one factory per outcome. */
export const lifecycleErrors = {
  transitionNotAllowed: (from: CaseStatus, to: CaseStatus): UserError => {
    const allowed = CASE_TRANSITIONS[from];
    const next =
      allowed.length > 0 ? `allowed next statuses are ${allowed.join(', ')}` : `${from} is final`;

    return userError(
      'TRANSITION_NOT_ALLOWED',
      `The case cannot change from ${from} to ${to}: ${next}.`,
      ['input', 'status'],
    );
  },
  closeReasonMissing: (): UserError =>
    userError(
      'CLOSE_REASON_REQUIRED',
      'closeReason is missing: closing a case needs one of FIXED, DUPLICATE, NOT_CITY_RESPONSIBILITY, NO_FURTHER_ACTION or REFERRED_ELSEWHERE.',
      ['input', 'closeReason'],
    ),
  closeReasonUnexpected: (status: CaseStatus, reason: CloseReason): UserError =>
    userError(
      'CLOSE_REASON_NOT_ALLOWED',
      `closeReason ${reason} applies to CLOSED only: leave it out when setting ${status}.`,
      ['input', 'closeReason'],
    ),
  evidenceMissing: (category: string): UserError =>
    userError(
      'EVIDENCE_REQUIRED',
      `The category ${JSON.stringify(category)} needs a photo of the fix: pass evidenceUrl when resolving or closing as FIXED.`,
      ['input', 'evidenceUrl'],
    ),
  evidenceInvalid: (value: string): UserError =>
    userError(
      'INVALID_EVIDENCE_URL',
      `evidenceUrl ${JSON.stringify(value.slice(0, 100))} is invalid: pass an http or https URL of at most ${MAX_EVIDENCE_URL_LENGTH} characters.`,
      ['input', 'evidenceUrl'],
    ),
  noteTooLong: (field: string, length: number): UserError =>
    userError(
      'NOTE_TOO_LONG',
      `${field} has ${length} characters: shorten it to at most ${MAX_NOTE_LENGTH}.`,
      ['input', field],
    ),
  noteHasControlCharacters: (field: string): UserError =>
    userError(
      'INVALID_NOTE',
      `${field} contains control characters (such as NUL): send plain text; line breaks and tabs are allowed.`,
      ['input', field],
    ),
  noteMissing: (field: string): UserError =>
    userError('NOTE_REQUIRED', `${field} is missing: write a few words for the record.`, [
      'input',
      field,
    ]),
  reviewNotResolved: (status: CaseStatus): UserError =>
    userError(
      'CASE_NOT_RESOLVED',
      `The case is ${status}, so there is no fix to confirm or reopen: only RESOLVED cases, or cases closed as FIXED, can be reviewed.`,
      ['input', 'caseId'],
    ),
  alreadyConfirmed: (): UserError =>
    userError('ALREADY_CONFIRMED', 'The fix of this case is confirmed already: nothing to do.', [
      'input',
      'caseId',
    ]),
  reviewWindowExpired: (windowEnd: Date, windowDays: number): UserError =>
    userError(
      'REOPEN_WINDOW_EXPIRED',
      `The ${windowDays}-day window to confirm or reopen ended at ${windowEnd.toISOString()}: report the problem as a new case.`,
      ['input', 'caseId'],
    ),
  agentIdInvalid: (value: string): UserError =>
    userError(
      'INVALID_AGENT_ID',
      `agentId ${JSON.stringify(value.slice(0, 100))} is invalid: pass 1 to ${MAX_AGENT_ID_LENGTH} printable characters, or null for no agent.`,
      ['input', 'agentId'],
    ),
  departmentOutsideJurisdiction: (value: string): UserError =>
    userError(
      'DEPARTMENT_NOT_IN_JURISDICTION',
      `The department ${JSON.stringify(value.slice(0, 100))} belongs to another jurisdiction: pick the code or id of one of this jurisdiction's departments.`,
      ['input', 'departmentId'],
    ),
};

/** Builds the payload errors of assignCase for assignments the viewer's role does not allow. */
export const assignmentErrors = {
  caseNotRouted: (): UserError =>
    userError(
      'CASE_NOT_ROUTED',
      "The case is in no department's queue yet, and only a DEPARTMENT_MANAGER or an ADMINISTRATOR may route it to a department: ask one of them.",
      ['input', 'caseId'],
    ),
  caseOutsideDepartment: (current: string): UserError =>
    userError(
      'CASE_OUTSIDE_YOUR_DEPARTMENT',
      `The case is in the ${current} queue, and only agents and department managers of ${current}, or an ADMINISTRATOR, may assign it: ask one of them.`,
      ['input', 'caseId'],
    ),
  departmentChangeNeedsManager: (current: string, target: string): UserError =>
    userError(
      'DEPARTMENT_CHANGE_NOT_ALLOWED',
      `Moving a case from ${current} to ${target} needs a DEPARTMENT_MANAGER of ${current} or an ADMINISTRATOR: agents assign within their own department only, so ask one of them.`,
      ['input', 'departmentId'],
    ),
  agentOutsideDepartment: (agentId: string, department: string): UserError =>
    userError(
      'AGENT_NOT_IN_DEPARTMENT',
      `agentId ${JSON.stringify(agentId.slice(0, 100))} is not an enabled AGENT account of ${department}, the department the case goes to: pass the account id of an agent of ${department}, or null to leave the case in the queue.`,
      ['input', 'agentId'],
    ),
  malformedAgentId: (agentId: string): UserError =>
    userError(
      'AGENT_NOT_FOUND',
      `agentId ${JSON.stringify(agentId.slice(0, 100))} is neither an account id (a UUID) nor an OIDC user id ("oidc:" and 43 characters): pass the agent's viewer id as the accounts list or the agent's own viewer query shows it, or null to leave the case in the queue.`,
      ['input', 'agentId'],
    ),
  oidcAgentNotFound: (agentId: string): UserError =>
    userError(
      'AGENT_NOT_FOUND',
      `agentId ${JSON.stringify(agentId.slice(0, 100))} names no OIDC user who has signed in to Ratusz: the API records an OIDC user at their first sign-in, so ask the agent to sign in once and assign the case again, or pass null to leave it in the queue.`,
      ['input', 'agentId'],
    ),
};

/** Returns the errors of an optional free-text note; `required` rejects an empty one. */
export function noteErrors(
  field: string,
  text: string | null | undefined,
  required = false,
): UserError[] {
  if (text === null || text === undefined || text.trim() === '') {
    return required ? [lifecycleErrors.noteMissing(field)] : [];
  }
  if (text.length > MAX_NOTE_LENGTH) {
    return [lifecycleErrors.noteTooLong(field, text.length)];
  }
  if (CONTROL_CHARACTERS.test(text)) {
    return [lifecycleErrors.noteHasControlCharacters(field)];
  }

  return [];
}

/** Returns the errors of an optional evidence URL: http or https, with a host. */
export function evidenceUrlErrors(value: string | null | undefined): UserError[] {
  if (value === null || value === undefined) {
    return [];
  }
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const valid =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    value.length <= MAX_EVIDENCE_URL_LENGTH;

  return valid ? [] : [lifecycleErrors.evidenceInvalid(value)];
}
