import type { StatementResult } from './types';

/** One statement row with its latest-vote counts and shares of those who voted on it. */
export type StatementRow = StatementResult & {
  voters: number;
  agreeShare: number;
  disagreeShare: number;
  passShare: number;
};

/** Orders statements by code as numbers where codes are numeric ("2" before "10"). */
export function sortStatements(statements: StatementResult[]): StatementResult[] {
  return [...statements].sort((left, right) =>
    left.code.localeCompare(right.code, 'en', { numeric: true }),
  );
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Builds the table and chart rows of a consultation's results, in statement order. */
export function statementRows(statements: StatementResult[]): StatementRow[] {
  return sortStatements(statements).map((statement) => {
    const voters = statement.agree + statement.disagree + statement.pass;

    return {
      ...statement,
      voters,
      agreeShare: share(statement.agree, voters),
      disagreeShare: share(statement.disagree, voters),
      passShare: share(statement.pass, voters),
    };
  });
}
