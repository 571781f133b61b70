/**
 * Phase of a consultation. Phases only move forward: DRAFT, OPEN, CLOSED, RESULTS_PUBLISHED.
 * Participants answer, add statements and vote only while it is OPEN.
 */
export type ConsultationPhase = 'DRAFT' | 'OPEN' | 'CLOSED' | 'RESULTS_PUBLISHED';

/** Every consultation phase, in the order a consultation passes through them. */
export const CONSULTATION_PHASES = [
  'DRAFT',
  'OPEN',
  'CLOSED',
  'RESULTS_PUBLISHED',
] as const satisfies readonly ConsultationPhase[];

/** When counts of a consultation become public. */
export type ResultsPolicy = 'LIVE' | 'AFTER_CLOSE' | 'AT_PUBLICATION_TIME';

/** Every results policy. */
export const RESULTS_POLICIES = [
  'LIVE',
  'AFTER_CLOSE',
  'AT_PUBLICATION_TIME',
] as const satisfies readonly ResultsPolicy[];

/** Who may take part in a consultation. */
export type ConsultationAudience = 'ANYONE' | 'VERIFIED_RESIDENTS' | 'AREA_RESIDENTS';

/** Every audience. */
export const CONSULTATION_AUDIENCES = [
  'ANYONE',
  'VERIFIED_RESIDENTS',
  'AREA_RESIDENTS',
] as const satisfies readonly ConsultationAudience[];

/** The fields of a consultation that decide its phase and whether its results are public. */
export type ConsultationSchedule = {
  phase: ConsultationPhase;
  resultsPolicy: ResultsPolicy;
  /** When an OPEN consultation closes by itself, or null to close only on request. */
  closesAt: Date | null;
  /** When a CLOSED consultation publishes its results by itself, or null to wait for a request. */
  resultsPublishAt: Date | null;
};

/**
 * Returns the phase in force at `now`. The stored phase moves on by request, and the scheduled
 * times move it on without a write: an OPEN consultation past `closesAt` is CLOSED, and a
 * CLOSED one past `resultsPublishAt` has its RESULTS_PUBLISHED.
 */
export function effectivePhase(schedule: ConsultationSchedule, now: Date): ConsultationPhase {
  let phase = schedule.phase;
  if (phase === 'OPEN' && schedule.closesAt && now >= schedule.closesAt) {
    phase = 'CLOSED';
  }
  if (phase === 'CLOSED' && schedule.resultsPublishAt && now >= schedule.resultsPublishAt) {
    phase = 'RESULTS_PUBLISHED';
  }

  return phase;
}

/**
 * Tells whether counts of a consultation may be shown at `now`. Every query, export and
 * subscription that carries counts calls this first and returns null (or sends nothing) when
 * it is false. A DRAFT consultation never shows results.
 *
 * - LIVE: from the moment it opens.
 * - AFTER_CLOSE: once it is CLOSED or its results are published.
 * - AT_PUBLICATION_TIME: only once its results are published.
 */
export function canShowResults(schedule: ConsultationSchedule, now: Date): boolean {
  const phase = effectivePhase(schedule, now);
  switch (schedule.resultsPolicy) {
    case 'LIVE':
      return phase !== 'DRAFT';
    case 'AFTER_CLOSE':
      return phase === 'CLOSED' || phase === 'RESULTS_PUBLISHED';
    case 'AT_PUBLICATION_TIME':
      return phase === 'RESULTS_PUBLISHED';
  }
}

/** Tells whether a phase request moves the consultation forward, as the only allowed change. */
export function isPhaseAdvance(from: ConsultationPhase, to: ConsultationPhase): boolean {
  return CONSULTATION_PHASES.indexOf(to) > CONSULTATION_PHASES.indexOf(from);
}
