import { userError, type UserError } from '../../platform/graphql/user-error';

/** Codes of the expected outcomes of `castStatementVote`. */
export type StatementVoteErrorCode = 'NOT_FOUND' | 'STATEMENT_NOT_ACCEPTED';

/** Builds the error for a statement id that names no statement. */
export function statementNotFound(statementId: string): UserError {
  return userError(
    'NOT_FOUND',
    `No statement has id ${JSON.stringify(statementId)}: pass the id of a statement from consultation.statements.`,
    ['statementId'],
  );
}

/** Builds the error for a statement that is rejected or awaiting moderation, so takes no votes. */
export function statementNotAccepted(statementId: string): UserError {
  return userError(
    'STATEMENT_NOT_ACCEPTED',
    `Statement ${JSON.stringify(statementId)} is not accepted by moderation and takes no votes: vote on an ACCEPTED statement.`,
    ['statementId'],
  );
}
