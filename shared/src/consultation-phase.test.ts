import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_PHASES,
  RESULTS_POLICIES,
  canShowResults,
  effectivePhase,
  isPhaseAdvance,
  type ConsultationSchedule,
} from './consultation-phase';

const NOW = new Date('2026-06-01T12:00:00Z');
const EARLIER = new Date('2026-06-01T11:00:00Z');
const LATER = new Date('2026-06-01T13:00:00Z');

function schedule(fields: Partial<ConsultationSchedule>): ConsultationSchedule {
  return {
    phase: 'DRAFT',
    resultsPolicy: 'LIVE',
    closesAt: null,
    resultsPublishAt: null,
    ...fields,
  };
}

describe('canShowResults', () => {
  it('follows the policy in every phase', () => {
    const table = RESULTS_POLICIES.map((resultsPolicy) => [
      resultsPolicy,
      CONSULTATION_PHASES.filter((phase) =>
        canShowResults(schedule({ phase, resultsPolicy }), NOW),
      ),
    ]);

    expect(table).toEqual([
      ['LIVE', ['OPEN', 'CLOSED', 'RESULTS_PUBLISHED']],
      ['AFTER_CLOSE', ['CLOSED', 'RESULTS_PUBLISHED']],
      ['AT_PUBLICATION_TIME', ['RESULTS_PUBLISHED']],
    ]);
  });

  it('shows AFTER_CLOSE results once closesAt passes', () => {
    const open = schedule({ phase: 'OPEN', resultsPolicy: 'AFTER_CLOSE' });

    expect(canShowResults({ ...open, closesAt: LATER }, NOW)).toBe(false);
    expect(canShowResults({ ...open, closesAt: EARLIER }, NOW)).toBe(true);
  });

  it('waits for resultsPublishAt under AT_PUBLICATION_TIME', () => {
    const closed = schedule({ phase: 'CLOSED', resultsPolicy: 'AT_PUBLICATION_TIME' });

    expect(canShowResults({ ...closed, resultsPublishAt: LATER }, NOW)).toBe(false);
    expect(canShowResults({ ...closed, resultsPublishAt: EARLIER }, NOW)).toBe(true);
  });
});

describe('effectivePhase', () => {
  it('closes an open consultation at closesAt', () => {
    expect(effectivePhase(schedule({ phase: 'OPEN', closesAt: NOW }), NOW)).toBe('CLOSED');
    expect(effectivePhase(schedule({ phase: 'OPEN', closesAt: LATER }), NOW)).toBe('OPEN');
  });

  it('publishes after both scheduled times', () => {
    const phase = effectivePhase(
      schedule({ phase: 'OPEN', closesAt: EARLIER, resultsPublishAt: EARLIER }),
      NOW,
    );

    expect(phase).toBe('RESULTS_PUBLISHED');
  });

  it('leaves a draft alone past its times', () => {
    expect(effectivePhase(schedule({ phase: 'DRAFT', closesAt: EARLIER }), NOW)).toBe('DRAFT');
  });
});

describe('isPhaseAdvance', () => {
  it('allows only later phases', () => {
    expect(isPhaseAdvance('DRAFT', 'OPEN')).toBe(true);
    expect(isPhaseAdvance('OPEN', 'RESULTS_PUBLISHED')).toBe(true);
    expect(isPhaseAdvance('OPEN', 'OPEN')).toBe(false);
    expect(isPhaseAdvance('CLOSED', 'OPEN')).toBe(false);
  });
});
