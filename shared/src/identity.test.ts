import { describe, expect, it } from 'vitest';
import { isRole, meetsVerificationLevel, VERIFICATION_LEVELS } from './identity';

describe('meetsVerificationLevel', () => {
  it('orders levels from weakest to strongest', () => {
    const table = VERIFICATION_LEVELS.map((actual) => VERIFICATION_LEVELS.map((required) => meetsVerificationLevel(actual, required)));

    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it('rejects an unverified account', () => {
    expect(meetsVerificationLevel(null, 'EMAIL_CONFIRMED')).toBe(false);
  });
});

describe('isRole', () => {
  it('accepts role names only', () => {
    expect(isRole('AUDITOR')).toBe(true);
    expect(isRole('auditor')).toBe(false);
    expect(isRole('SUPERUSER')).toBe(false);
  });
});
