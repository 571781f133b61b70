/**
 * Rules of a case's life cycle: which status changes staff may make, why a case was closed,
 * and how long a resident may confirm or reopen a resolved case.
 */
import type { CaseStatus } from './cases';

/** Every reason a case can be closed with. */
export const CLOSE_REASONS = [
  'FIXED',
  'DUPLICATE',
  'NOT_CITY_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'REFERRED_ELSEWHERE',
] as const;

/** Reason a case was closed. */
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * Status changes staff may make, by current status. RESOLVED waits for the resident's
 * confirmation, so from there staff may only close it or take the work up again. CLOSED is
 * final for staff, and only the resident's reopening within the window leaves it.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  NEW: [
    'ACKNOWLEDGED',
    'IN_PROGRESS',
    'ACTION_SCHEDULED',
    'WAITING_FOR_RESIDENT',
    'RESOLVED',
    'CLOSED',
  ],
  ACKNOWLEDGED: ['IN_PROGRESS', 'ACTION_SCHEDULED', 'WAITING_FOR_RESIDENT', 'RESOLVED', 'CLOSED'],
  IN_PROGRESS: ['ACTION_SCHEDULED', 'WAITING_FOR_RESIDENT', 'RESOLVED', 'CLOSED'],
  ACTION_SCHEDULED: ['IN_PROGRESS', 'WAITING_FOR_RESIDENT', 'RESOLVED', 'CLOSED'],
  WAITING_FOR_RESIDENT: ['ACKNOWLEDGED', 'IN_PROGRESS', 'ACTION_SCHEDULED', 'RESOLVED', 'CLOSED'],
  RESOLVED: ['IN_PROGRESS', 'CLOSED'],
  CLOSED: [],
};

/** Returns whether staff may move a case from `from` to `to`. */
export function isAllowedTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Deadline events published for the contact-centre dashboard. */
export type DeadlineEventKind = 'SLA_WARNING' | 'SLA_BREACHED';

/** Days after resolution during which the resident may confirm or reopen, unless configured. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 14;

const DAY_MS = 86_400_000;

/**
 * Returns the end of the resident's window to confirm or reopen a case resolved at
 * `resolvedAt`.
 */
export function reopenWindowEnd(resolvedAt: Date, windowDays: number): Date {
  return new Date(resolvedAt.getTime() + windowDays * DAY_MS);
}

/** Decision on the resident's request to confirm or reopen a case. */
export type ResidentReview =
  | { allowed: true }
  | { allowed: false; reason: 'NOT_RESOLVED' | 'WINDOW_EXPIRED'; windowEnd?: Date };

/**
 * Decides whether the resident may confirm the fix or reopen the case at `now`. Both need a
 * case that is RESOLVED, or CLOSED as FIXED, and a resolution at most `windowDays` ago.
 */
export function residentReview(
  state: { status: CaseStatus; closeReason: CloseReason | null; resolvedAt: Date | null },
  now: Date,
  windowDays: number,
): ResidentReview {
  const resolved =
    state.status === 'RESOLVED' || (state.status === 'CLOSED' && state.closeReason === 'FIXED');
  if (!resolved || !state.resolvedAt) {
    return { allowed: false, reason: 'NOT_RESOLVED' };
  }
  const windowEnd = reopenWindowEnd(state.resolvedAt, windowDays);

  return now.getTime() <= windowEnd.getTime()
    ? { allowed: true }
    : { allowed: false, reason: 'WINDOW_EXPIRED', windowEnd };
}
