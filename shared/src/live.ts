import type { TallySnapshot } from './budget/tally';
import type { CaseChangedEvent, CaseDeadlineEvent } from './cases';
import type { ConsultationResultsSnapshot } from './consultations';
import type { ReferendumUpdateSnapshot } from './referendum';

/**
 * Topics published on the pub/sub bus and the payload each carries. Payloads are plain JSON
 * (dates as ISO 8601 strings) because they cross Redis between API processes.
 *
 * A topic whose tuple has two elements is routed by id: subscribers of one edition or
 * consultation receive only its events. CASE_CHANGED and CASE_DEADLINE are not routed: subscribers filter by the
 * jurisdiction inside the payload (see `CaseChangedEvent` in `cases.ts`).
 */
export type LiveTopics = {
  CASE_CHANGED: [payload: CaseChangedEvent];
  CASE_DEADLINE: [payload: CaseDeadlineEvent];
  TALLY_UPDATED: [editionId: string, payload: TallySnapshot];
  CONSULTATION_RESULTS_UPDATED: [consultationId: string, payload: ConsultationResultsSnapshot];
  REFERENDUM_UPDATED: [referendumId: string, payload: ReferendumUpdateSnapshot];
  ACCESS_CHANGED: [payload: AccessChangedEvent];
};

/**
 * Ids of accounts, sessions and API keys whose rows changed, announced after the commit so that
 * every API process re-checks its WebSocket connections of those credentials. Internal: no
 * GraphQL subscription exposes it, and it carries ids only.
 */
export type AccessChangedEvent = {
  accountIds: string[];
  sessionIds: string[];
  apiKeyIds: string[];
};

/** Names of the live topics, as published. */
export const LIVE_TOPICS = {
  caseChanged: 'CASE_CHANGED',
  caseDeadline: 'CASE_DEADLINE',
  tallyUpdated: 'TALLY_UPDATED',
  consultationResultsUpdated: 'CONSULTATION_RESULTS_UPDATED',
  referendumUpdated: 'REFERENDUM_UPDATED',
  accessChanged: 'ACCESS_CHANGED',
} as const satisfies Record<string, keyof LiveTopics>;
