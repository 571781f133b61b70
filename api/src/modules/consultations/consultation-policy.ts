import {
  canShowResults as scheduleShowsResults,
  effectivePhase,
  type ConsultationPhase,
  type ConsultationSchedule,
} from '@ratusz/shared';
import type { Consultation } from './consultation.entity';

/** Reads the fields of a consultation that decide its phase and results visibility. */
export function consultationSchedule(consultation: Consultation): ConsultationSchedule {
  return {
    phase: consultation.phase,
    resultsPolicy: consultation.resultsPolicy,
    closesAt: consultation.closesAt ?? null,
    resultsPublishAt: consultation.resultsPublishAt ?? null,
  };
}

/** Returns the phase of a consultation in force at `now`, scheduled times applied. */
export function currentPhase(
  consultation: Consultation,
  now: Date = new Date(),
): ConsultationPhase {
  return effectivePhase(consultationSchedule(consultation), now);
}

/**
 * Tells whether any count of a consultation may leave the API at `now`: statement votes,
 * questionnaire answers, participants and turnout alike. Queries return null, and live topics
 * publish nothing, while this is false.
 */
export function canShowResults(consultation: Consultation, now: Date = new Date()): boolean {
  return scheduleShowsResults(consultationSchedule(consultation), now);
}

/**
 * Returns the scheduled time at which the results policy starts to show counts, or null when
 * no time is set and results wait for a phase change by request (or are already shown).
 * AT_PUBLICATION_TIME needs the consultation closed as well, so an OPEN one without a
 * `closesAt` has no known time even when `resultsPublishAt` is set.
 */
export function resultsOpenAt(consultation: Consultation, now: Date = new Date()): Date | null {
  if (canShowResults(consultation, now)) {
    return null;
  }
  const phase = currentPhase(consultation, now);
  if (consultation.resultsPolicy === 'AFTER_CLOSE') {
    return phase === 'OPEN' ? (consultation.closesAt ?? null) : null;
  }
  if (consultation.resultsPolicy === 'AT_PUBLICATION_TIME') {
    const closes = phase === 'CLOSED' || (phase === 'OPEN' && Boolean(consultation.closesAt));

    return closes ? (consultation.resultsPublishAt ?? null) : null;
  }

  return null;
}
