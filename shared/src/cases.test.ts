import { describe, expect, it } from 'vitest';
import {
  ageInDays,
  CASE_STATUSES,
  isOpenStatus,
  newestCreatedAt,
  PRIORITY_FORMULA,
  rankPriorities,
  type PriorityCase,
} from './cases';

const asOf = new Date('2024-03-31T00:00:00Z');

function daysBefore(days: number): Date {
  return new Date(asOf.getTime() - days * 86_400_000);
}

function item(overrides: Partial<PriorityCase>): PriorityCase {
  return {
    districtKey: 'd1',
    categoryKey: 'potholes',
    categoryName: 'Potholes',
    open: true,
    createdAt: asOf,
    ...overrides,
  };
}

describe('isOpenStatus', () => {
  it('treats RESOLVED and CLOSED as final', () => {
    const open = CASE_STATUSES.filter((status) => isOpenStatus(status));

    expect(open).toEqual([
      'NEW',
      'ACKNOWLEDGED',
      'IN_PROGRESS',
      'ACTION_SCHEDULED',
      'WAITING_FOR_RESIDENT',
    ]);
  });
});

describe('ageInDays', () => {
  it('counts fractional days', () => {
    expect(ageInDays(new Date('2024-03-30T12:00:00Z'), asOf)).toBe(0.5);
  });

  it('floors ages after asOf at zero', () => {
    expect(ageInDays(new Date('2024-04-02T00:00:00Z'), asOf)).toBe(0);
  });
});

describe('newestCreatedAt', () => {
  it('returns the latest date', () => {
    const dates = [daysBefore(3), daysBefore(1), daysBefore(7)].map((createdAt) => ({ createdAt }));

    expect(newestCreatedAt(dates)).toEqual(daysBefore(1));
  });

  it('returns undefined for no cases', () => {
    expect(newestCreatedAt([])).toBeUndefined();
  });
});

describe('rankPriorities', () => {
  it('adds recency and open backlog weights', () => {
    const cases = [
      item({ createdAt: daysBefore(30), open: true }),
      item({ createdAt: daysBefore(120), open: true }),
      item({ createdAt: daysBefore(60), open: false }),
    ];

    const [district] = rankPriorities(cases, asOf);

    // 2^-1 + 2^-4 + 2^-2 for recency; 30/90 + 90/90 (capped) for the two open cases.
    const expected = 0.5 + 0.0625 + 0.25 + 30 / 90 + 1;
    expect(district?.entries).toEqual([
      {
        rank: 1,
        categoryKey: 'potholes',
        categoryName: 'Potholes',
        score: expect.closeTo(expected, 12),
        caseCount: 3,
        openCount: 2,
        recentCount: 1,
        meanOpenAgeDays: 75,
      },
    ]);
  });

  it('ranks by score, then case count, then name', () => {
    const cases = [
      item({ categoryKey: 'b', categoryName: 'Bins', open: false }),
      item({ categoryKey: 'a', categoryName: 'Alleys', open: false }),
      item({ categoryKey: 'c', categoryName: 'Cars', open: false, createdAt: daysBefore(30) }),
      item({ categoryKey: 'c', categoryName: 'Cars', open: false, createdAt: daysBefore(30) }),
      item({ categoryKey: 'n', categoryName: 'Noise', open: true, createdAt: daysBefore(90) }),
    ];

    const [district] = rankPriorities(cases, asOf);

    // Noise 0.125 + 1; Cars 0.5 + 0.5 = 1 with two cases; Alleys and Bins 1 each with one.
    expect(district?.entries.map((entry) => [entry.rank, entry.categoryName])).toEqual([
      [1, 'Noise'],
      [2, 'Cars'],
      [3, 'Alleys'],
      [4, 'Bins'],
    ]);
  });

  it('ranks each district on its own and keeps the top entries', () => {
    const cases = [
      item({ districtKey: 'd1', categoryKey: 'a', categoryName: 'A' }),
      item({ districtKey: null, categoryKey: 'a', categoryName: 'A' }),
      item({ districtKey: 'd1', categoryKey: 'b', categoryName: 'B' }),
      item({ districtKey: 'd1', categoryKey: 'b', categoryName: 'B' }),
    ];

    const ranked = rankPriorities(cases, asOf, 1);

    expect(
      ranked.map((district) => [district.districtKey, district.entries.map((e) => e.categoryKey)]),
    ).toEqual([
      ['d1', ['b']],
      [null, ['a']],
    ]);
  });

  it('reports zero mean age without open cases', () => {
    const [district] = rankPriorities([item({ open: false, createdAt: daysBefore(10) })], asOf);

    expect(district?.entries[0]?.meanOpenAgeDays).toBe(0);
  });

  it('states the half-life and cap in the formula', () => {
    expect(PRIORITY_FORMULA).toContain('2^(−ageDays/30)');
    expect(PRIORITY_FORMULA).toContain('min(ageDays, 90)/90');
  });
});
