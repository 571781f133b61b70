import { userError, type UserError } from '../../platform/graphql/user-error';

/** Builds the error for a referendum id that names no referendum. */
export function referendumNotFound(referendumId: string): UserError {
  return userError(
    'NOT_FOUND',
    `No referendum has id ${JSON.stringify(referendumId)}: pass the id returned by createReferendum.`,
    ['referendumId'],
  );
}

/** Builds the error for a vote cast before the voting window opens. */
export function votingNotOpen(opensAt: Date): UserError {
  return userError(
    'VOTING_NOT_OPEN',
    `Voting opens at ${opensAt.toISOString()}: cast the vote after that time.`,
    ['referendumId'],
  );
}

/** Builds the error for a vote cast after the voting window or the close. */
export function votingEnded(closesAt: Date): UserError {
  return userError(
    'VOTING_ENDED',
    `Voting ended at ${closesAt.toISOString()}: the vote was not recorded.`,
    ['referendumId'],
  );
}

/** Builds the error for a voter missing from the referendum's eligibility list. */
export function notEligible(): UserError {
  return userError(
    'NOT_ELIGIBLE',
    'The voterId is not on the eligibility list of this referendum: check the id against the census.',
    ['voterId'],
  );
}

/** Builds the error for a voter who has already voted in the referendum. */
export function alreadyVoted(): UserError {
  return userError(
    'ALREADY_VOTED',
    'This voter has already voted in this referendum: each eligible voter votes once.',
    ['voterId'],
  );
}

/** Builds the error for an option id that is not an option of the referendum. */
export function optionNotFound(optionId: string): UserError {
  return userError(
    'OPTION_NOT_FOUND',
    `Option ${JSON.stringify(optionId)} is not an option of this referendum: pass an id from referendum.options.`,
    ['optionId'],
  );
}

/** Builds the error for closing a referendum whose voting window has not ended. */
export function votingStillOpen(closesAt: Date): UserError {
  return userError(
    'VOTING_NOT_ENDED',
    `Voting runs until ${closesAt.toISOString()}: close the referendum after that time.`,
    ['referendumId'],
  );
}

/** Builds the error for closing a referendum twice. */
export function alreadyClosed(): UserError {
  return userError('ALREADY_CLOSED', 'The referendum is already closed: its result is published.', [
    'referendumId',
  ]);
}

/** Builds the error for changing the eligibility list once voting has opened. */
export function censusLocked(opensAt: Date): UserError {
  return userError(
    'CENSUS_LOCKED',
    `The eligibility list is fixed since voting opened at ${opensAt.toISOString()}: import it before opening.`,
    ['referendumId'],
  );
}

/** Builds the error for changing the required verification level once voting has opened. */
export function verificationLocked(opensAt: Date): UserError {
  return userError(
    'VOTING_STARTED',
    `The required verification level is fixed since voting opened at ${opensAt.toISOString()}: set it while the referendum is SCHEDULED.`,
    ['referendumId'],
  );
}

/** Builds the error for an invalid field of a new referendum. */
export function invalidReferendumField(field: string, message: string): UserError {
  return userError('INVALID_INPUT', message, [field]);
}

/** Builds the error for a census CSV that cannot be read; `line` is 1-based, header included. */
export function invalidCensus(message: string, line?: number): UserError {
  const where = line === undefined ? '' : ` on line ${line}`;

  return userError('INVALID_CENSUS', `The census CSV is invalid${where}: ${message}.`, ['csv']);
}
