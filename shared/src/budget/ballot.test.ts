import { describe, expect, it } from 'vitest';
import { ballotPoints, validateBallot } from './ballot';
import type { BallotRules } from './types';

const projects = new Map([
  ['p1', { cost: 100 }],
  ['p2', { cost: 200 }],
  ['p3', { cost: 300 }],
]);

const approval: BallotRules = { voteType: 'approval', minLength: 2, maxLength: 2, maxSumCost: 400 };
const cumulative: BallotRules = {
  voteType: 'cumulative',
  minLength: null,
  maxLength: null,
  minSumPoints: 2,
  maxSumPoints: 5,
  maxPointsPerProject: 3,
};
const ordinal: BallotRules = {
  voteType: 'ordinal',
  minLength: 1,
  maxLength: 3,
  pointsByPosition: null,
};

describe('validateBallot', () => {
  it('accepts a valid approval ballot', () => {
    expect(validateBallot(approval, { projectIds: ['p1', 'p2'] }, projects)).toEqual([]);
  });

  it('rejects a short approval ballot', () => {
    expect(validateBallot(approval, { projectIds: ['p1'] }, projects)).toEqual([
      { code: 'BALLOT_TOO_SHORT', limit: 2, value: 1 },
    ]);
  });

  it('rejects a long approval ballot', () => {
    const rules: BallotRules = { ...approval, maxSumCost: null };

    expect(validateBallot(rules, { projectIds: ['p1', 'p2', 'p3'] }, projects)).toEqual([
      { code: 'BALLOT_TOO_LONG', limit: 2, value: 3 },
    ]);
  });

  it('rejects an approval ballot over the cost limit', () => {
    expect(validateBallot(approval, { projectIds: ['p2', 'p3'] }, projects)).toEqual([
      { code: 'OVER_COST_LIMIT', limit: 400, value: 500 },
    ]);
  });

  it('rejects unknown and duplicate projects', () => {
    expect(validateBallot(approval, { projectIds: ['p1', 'p1', 'zz'] }, projects)).toEqual([
      { code: 'DUPLICATE_PROJECT', limit: null, value: 'p1', projectId: 'p1' },
      { code: 'UNKNOWN_PROJECT', limit: null, value: 'zz', projectId: 'zz' },
      { code: 'BALLOT_TOO_LONG', limit: 2, value: 3 },
    ]);
  });

  it('rejects an empty ballot without a minimum', () => {
    const rules: BallotRules = { ...approval, minLength: null };

    expect(validateBallot(rules, { projectIds: [] }, projects)).toEqual([
      { code: 'BALLOT_TOO_SHORT', limit: 1, value: 0 },
    ]);
  });

  it('requires exactly one project for choose-1', () => {
    const rules: BallotRules = { voteType: 'choose-1' };

    expect(validateBallot(rules, { projectIds: ['p1'] }, projects)).toEqual([]);
    expect(validateBallot(rules, { projectIds: ['p1', 'p2'] }, projects)).toEqual([
      { code: 'BALLOT_TOO_LONG', limit: 1, value: 2 },
    ]);
  });

  it('accepts a valid cumulative ballot', () => {
    const ballot = { projectIds: ['p1', 'p2'], points: [3, 2] };

    expect(validateBallot(cumulative, ballot, projects)).toEqual([]);
    expect(ballotPoints(cumulative, ballot)).toEqual([3, 2]);
  });

  it('rejects cumulative points over the limits', () => {
    const ballot = { projectIds: ['p1', 'p2'], points: [4, 2] };

    expect(validateBallot(cumulative, ballot, projects)).toEqual([
      { code: 'OVER_PROJECT_POINTS_LIMIT', limit: 3, value: 4, projectId: 'p1' },
      { code: 'OVER_POINTS_LIMIT', limit: 5, value: 6 },
    ]);
  });

  it('rejects cumulative points under the minimum sum', () => {
    expect(validateBallot(cumulative, { projectIds: ['p1'], points: [1] }, projects)).toEqual([
      { code: 'UNDER_POINTS_LIMIT', limit: 2, value: 1 },
    ]);
  });

  it('rejects zero points on a cumulative ballot', () => {
    expect(
      validateBallot(cumulative, { projectIds: ['p1', 'p2'], points: [0, 2] }, projects),
    ).toEqual([{ code: 'INVALID_POINTS', limit: 1, value: 0, projectId: 'p1' }]);
  });

  it('rejects cumulative points of another length', () => {
    expect(validateBallot(cumulative, { projectIds: ['p1', 'p2'], points: [2] }, projects)).toEqual(
      [{ code: 'POINTS_MISMATCH', limit: 2, value: 1 }],
    );
  });

  it('gives ordinal points by ballot length', () => {
    const ballot = { projectIds: ['p3', 'p1', 'p2'] };

    expect(validateBallot(ordinal, ballot, projects)).toEqual([]);
    expect(ballotPoints(ordinal, ballot)).toEqual([3, 2, 1]);
  });

  it('gives ordinal points from a fixed scale', () => {
    const rules: BallotRules = { ...ordinal, pointsByPosition: [5, 3, 1] };

    expect(ballotPoints(rules, { projectIds: ['p3', 'p1'] })).toEqual([5, 3]);
  });

  it('rejects ordinal points that contradict the positions', () => {
    expect(validateBallot(ordinal, { projectIds: ['p3', 'p1'], points: [2, 2] }, projects)).toEqual(
      [{ code: 'POINTS_MISMATCH', limit: 1, value: 2 }],
    );
  });
});
