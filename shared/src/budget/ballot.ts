import type { BallotRules, OrdinalBallotRules } from './types';

/** Code of a rule of its edition that a ballot breaks. */
export type BallotViolationCode =
  | 'BALLOT_TOO_SHORT'
  | 'BALLOT_TOO_LONG'
  | 'OVER_COST_LIMIT'
  | 'UNDER_POINTS_LIMIT'
  | 'OVER_POINTS_LIMIT'
  | 'OVER_PROJECT_POINTS_LIMIT'
  | 'INVALID_POINTS'
  | 'POINTS_MISMATCH'
  | 'DUPLICATE_PROJECT'
  | 'UNKNOWN_PROJECT';

/**
 * One broken rule. `limit` is the rule's bound and `value` what the ballot has, so a message
 * can say both; `projectId` names the project at fault when there is one.
 */
export type BallotViolation = {
  code: BallotViolationCode;
  limit: number | null;
  value: number | string;
  projectId?: string;
};

/** A ballot as cast: project ids, and for cumulative and ordinal ballots the points of each. */
export type BallotInput = {
  projectIds: readonly string[];
  /** Parallel to `projectIds`. Required for cumulative ballots, optional for ordinal ones. */
  points?: readonly number[] | null;
};

/** Project facts that ballot validation uses. Cost in minor units. */
export type BallotProject = { cost: number };

/** Returns the points the project at each position of an ordinal ballot of `length` gets. */
export function ordinalPoints(rules: OrdinalBallotRules, length: number): number[] {
  return Array.from({ length }, (_, index) => rules.pointsByPosition?.[index] ?? length - index);
}

/**
 * Returns the points each named project receives, parallel to `ballot.projectIds`: 1 for an
 * approval or choose-1 ballot, the given points for a cumulative one, and the position's points
 * for an ordinal one. Call it on a ballot that `validateBallot` accepted.
 */
export function ballotPoints(rules: BallotRules, ballot: BallotInput): number[] {
  switch (rules.voteType) {
    case 'approval':
    case 'choose-1':
      return ballot.projectIds.map(() => 1);
    case 'cumulative':
      return [...(ballot.points ?? [])];
    case 'ordinal':
      return ordinalPoints(rules, ballot.projectIds.length);
  }
}

function lengthViolations(
  min: number | null,
  max: number | null,
  length: number,
): BallotViolation[] {
  if (min !== null && length < min) {
    return [{ code: 'BALLOT_TOO_SHORT', limit: min, value: length }];
  }
  if (max !== null && length > max) {
    return [{ code: 'BALLOT_TOO_LONG', limit: max, value: length }];
  }

  return [];
}

function projectViolations(
  ballot: BallotInput,
  projects: ReadonlyMap<string, BallotProject>,
): BallotViolation[] {
  const violations: BallotViolation[] = [];
  const seen = new Set<string>();
  for (const projectId of ballot.projectIds) {
    if (!projects.has(projectId)) {
      violations.push({ code: 'UNKNOWN_PROJECT', limit: null, value: projectId, projectId });
    } else if (seen.has(projectId)) {
      violations.push({ code: 'DUPLICATE_PROJECT', limit: null, value: projectId, projectId });
    }
    seen.add(projectId);
  }

  return violations;
}

function costViolations(
  maxSumCost: number | null,
  ballot: BallotInput,
  projects: ReadonlyMap<string, BallotProject>,
): BallotViolation[] {
  if (maxSumCost === null) {
    return [];
  }
  const total = [...new Set(ballot.projectIds)].reduce(
    (sum, projectId) => sum + (projects.get(projectId)?.cost ?? 0),
    0,
  );

  return total > maxSumCost ? [{ code: 'OVER_COST_LIMIT', limit: maxSumCost, value: total }] : [];
}

/** Checks that `points` is absent or matches exactly what the vote type implies. */
function impliedPointsViolations(
  expected: number[],
  points: BallotInput['points'],
): BallotViolation[] {
  if (points === undefined || points === null) {
    return [];
  }
  if (points.length !== expected.length) {
    return [{ code: 'POINTS_MISMATCH', limit: expected.length, value: points.length }];
  }
  const index = points.findIndex((value, position) => value !== expected[position]);

  return index === -1
    ? []
    : [{ code: 'POINTS_MISMATCH', limit: expected[index]!, value: points[index]! }];
}

function cumulativeViolations(
  rules: Extract<BallotRules, { voteType: 'cumulative' }>,
  ballot: BallotInput,
): BallotViolation[] {
  const points = ballot.points ?? [];
  if (points.length !== ballot.projectIds.length) {
    return [{ code: 'POINTS_MISMATCH', limit: ballot.projectIds.length, value: points.length }];
  }
  const violations: BallotViolation[] = [];
  points.forEach((value, index) => {
    const projectId = ballot.projectIds[index];
    if (!Number.isSafeInteger(value) || value < 1) {
      violations.push({ code: 'INVALID_POINTS', limit: 1, value, projectId });
    } else if (rules.maxPointsPerProject !== null && value > rules.maxPointsPerProject) {
      violations.push({
        code: 'OVER_PROJECT_POINTS_LIMIT',
        limit: rules.maxPointsPerProject,
        value,
        projectId,
      });
    }
  });
  const sum = points.reduce((total, value) => total + value, 0);
  if (rules.maxSumPoints !== null && sum > rules.maxSumPoints) {
    violations.push({ code: 'OVER_POINTS_LIMIT', limit: rules.maxSumPoints, value: sum });
  }
  if (rules.minSumPoints !== null && sum < rules.minSumPoints) {
    violations.push({ code: 'UNDER_POINTS_LIMIT', limit: rules.minSumPoints, value: sum });
  }

  return violations;
}

/**
 * Lists every rule that `ballot` breaks, or an empty list for a valid ballot. `projects` maps the
 * edition's project ids to their costs. An empty ballot is always too short, whatever the
 * edition's `minLength`.
 */
export function validateBallot(
  rules: BallotRules,
  ballot: BallotInput,
  projects: ReadonlyMap<string, BallotProject>,
): BallotViolation[] {
  const length = ballot.projectIds.length;
  const violations = projectViolations(ballot, projects);
  switch (rules.voteType) {
    case 'approval':
      violations.push(
        ...lengthViolations(Math.max(rules.minLength ?? 1, 1), rules.maxLength, length),
        ...costViolations(rules.maxSumCost, ballot, projects),
        ...impliedPointsViolations(ballotPoints(rules, ballot), ballot.points),
      );
      break;
    case 'choose-1':
      violations.push(
        ...lengthViolations(1, 1, length),
        ...impliedPointsViolations(ballotPoints(rules, ballot), ballot.points),
      );
      break;
    case 'cumulative':
      violations.push(
        ...lengthViolations(Math.max(rules.minLength ?? 1, 1), rules.maxLength, length),
        ...cumulativeViolations(rules, ballot),
      );
      break;
    case 'ordinal':
      violations.push(
        ...lengthViolations(Math.max(rules.minLength ?? 1, 1), rules.maxLength, length),
        ...impliedPointsViolations(ordinalPoints(rules, length), ballot.points),
      );
      break;
  }

  return violations;
}
