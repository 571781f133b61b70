import { describe, expect, it } from 'vitest';
import { statementRows } from './consultation';
import type { StatementResult } from './types';

function result(code: string, agree: number, disagree: number, pass: number): StatementResult {
  return {
    statementId: `s${code}`,
    code,
    text: `Statement ${code}`,
    agree,
    disagree,
    pass,
    agreeEvents: agree,
    disagreeEvents: disagree,
    passEvents: pass,
  };
}

describe('statementRows', () => {
  it('orders numeric codes as numbers', () => {
    const rows = statementRows([result('10', 1, 0, 0), result('2', 1, 0, 0), result('1', 1, 0, 0)]);
    expect(rows.map((row) => row.code)).toEqual(['1', '2', '10']);
  });

  it('computes shares of the participants who voted on the statement', () => {
    const [row] = statementRows([result('0', 6, 3, 1)]);
    expect(row).toMatchObject({ voters: 10, agreeShare: 0.6, disagreeShare: 0.3, passShare: 0.1 });
  });

  it('gives zero shares to a statement without votes', () => {
    const [row] = statementRows([result('0', 0, 0, 0)]);
    expect(row).toMatchObject({ voters: 0, agreeShare: 0, disagreeShare: 0, passShare: 0 });
  });
});
