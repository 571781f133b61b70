import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTime,
} from './format';

// Intl separates Polish digit groups and currency symbols with U+00A0 (no-break space); the
// expectations spell it out so a failure shows which character differs.
const NBSP = '\u00a0';

describe('formatNumber', () => {
  it('groups thousands in English', () => {
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
  });

  it('groups thousands in Polish', () => {
    expect(formatNumber('pl', 1234567)).toBe(`1${NBSP}234${NBSP}567`);
  });

  it('leaves four-digit Polish numbers ungrouped', () => {
    expect(formatNumber('pl', 1234)).toBe('1234');
  });

  it('rounds to the requested fraction digits', () => {
    expect(formatNumber('en', 2.345, 1)).toBe('2.3');
  });
});

describe('formatMoney', () => {
  it('converts minor units to whole zloty', () => {
    expect(formatMoney('pl', 12_090_500, 'PLN')).toBe(`120${NBSP}905${NBSP}zł`);
  });

  it('shows English currency codes before the amount', () => {
    expect(formatMoney('en', 12_090_500, 'PLN')).toBe(`PLN${NBSP}120,905`);
  });

  it('keeps cents when the amount is not whole', () => {
    expect(formatMoney('en', 1_050, 'EUR')).toBe('€10.50');
  });

  it('formats zero', () => {
    expect(formatMoney('en', 0, 'CHF')).toBe(`CHF${NBSP}0`);
  });
});

describe('formatPercent', () => {
  it('formats a share in English', () => {
    expect(formatPercent('en', 0.125)).toBe('12.5%');
  });

  it('formats a share in Polish', () => {
    expect(formatPercent('pl', 0.125)).toBe('12,5%');
  });
});

describe('dates', () => {
  const instant = '2026-03-01T23:30:05.000Z';

  it('formats the UTC calendar date in English', () => {
    expect(formatDate('en', instant)).toBe('1 Mar 2026');
  });

  it('formats the UTC calendar date in Polish', () => {
    expect(formatDate('pl', instant)).toBe('1 mar 2026');
  });

  it('formats date and time in UTC', () => {
    expect(formatDateTime('en', instant)).toBe('1 Mar 2026, 23:30:05 UTC');
  });

  it('formats the time of day in UTC', () => {
    expect(formatTime('pl', instant)).toBe('23:30:05 UTC');
  });
});
