import type { BallotViolation } from '@ratusz/shared';

/** An expected reason a ballot is not counted, for the mutation payload. */
export type BallotError = { code: string; message: string; field: string[] };

/** Explains a violation in English, naming the edition's rule, its limit and the ballot's value. */
function describe(violation: BallotViolation): string {
  const { limit, value, projectId } = violation;
  switch (violation.code) {
    case 'BALLOT_TOO_SHORT':
      return `The ballot names ${value} projects but the edition's minLength is ${limit}: add projects.`;
    case 'BALLOT_TOO_LONG':
      return `The ballot names ${value} projects but the edition's maxLength is ${limit}: remove projects.`;
    case 'OVER_COST_LIMIT':
      return `The projects on the ballot cost ${value} in total but the edition's maxSumCost is ${limit} (minor units): remove a project.`;
    case 'OVER_POINTS_LIMIT':
      return `The ballot gives ${value} points but the edition's maxSumPoints is ${limit}: give fewer points.`;
    case 'UNDER_POINTS_LIMIT':
      return `The ballot gives ${value} points but the edition's minSumPoints is ${limit}: give more points.`;
    case 'OVER_PROJECT_POINTS_LIMIT':
      return `Project ${projectId} gets ${value} points but the edition's maxPointsPerProject is ${limit}.`;
    case 'INVALID_POINTS':
      return `Project ${projectId} gets ${value} points: points must be whole numbers of at least ${limit}.`;
    case 'POINTS_MISMATCH':
      return `The points do not fit this ballot: expected ${limit}, got ${value}. Pass one entry per project, or none for approval and ordinal ballots.`;
    case 'DUPLICATE_PROJECT':
      return `Project ${value} is named twice: name each project once.`;
    case 'UNKNOWN_PROJECT':
      return `Project ${value} is not on this edition's ballot: use an id from the edition's projects.`;
  }
}

const POINT_CODES = new Set([
  'OVER_POINTS_LIMIT',
  'UNDER_POINTS_LIMIT',
  'OVER_PROJECT_POINTS_LIMIT',
  'INVALID_POINTS',
  'POINTS_MISMATCH',
]);

/** Turns the shared ballot violations into payload errors pointing at the input field. */
export function ballotErrors(violations: BallotViolation[]): BallotError[] {
  return violations.map((violation) => ({
    code: violation.code,
    message: describe(violation),
    field: [POINT_CODES.has(violation.code) ? 'points' : 'projectIds'],
  }));
}

/** Builds the error for a voter who already has a ballot in this edition. */
export function alreadyVoted(): BallotError {
  return {
    code: 'ALREADY_VOTED',
    message: 'This voter has already cast a ballot in this edition; only the first ballot counts.',
    field: ['voterId'],
  };
}

/** Builds the error for an edition id that does not exist. */
export function editionNotFound(editionId: string): BallotError {
  return {
    code: 'EDITION_NOT_FOUND',
    message: `Budget edition ${editionId} does not exist: pass an id from budgetEditions.`,
    field: ['editionId'],
  };
}

/** Builds the error for a ballot sent over the API that claims to come from a file import. */
export function importChannelRejected(): BallotError {
  return {
    code: 'INVALID_CHANNEL',
    message: 'Channel IMPORT is reserved for ballots read from files: send INTERNET or PAPER.',
    field: ['channel'],
  };
}

/** Builds the error for a ballot change that lost a race with another change of the same voter. */
export function ballotChangeConflict(): BallotError {
  return {
    code: 'BALLOT_CHANGE_CONFLICT',
    message:
      'Another change of this ballot was stored at the same moment: cast the ballot again to replace it.',
    field: ['voterId'],
  };
}
