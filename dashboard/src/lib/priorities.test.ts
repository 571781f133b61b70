import { describe, expect, it } from 'vitest';
import { maxScore, priorityChartRows, sortDistricts } from './priorities';
import type { DistrictPriorities, PriorityEntry } from './types';

function entry(rank: number, name: string, score: number): PriorityEntry {
  return {
    rank,
    category: { id: name, code: name, name },
    score,
    caseCount: 1,
    openCount: 0,
    recentCount: 0,
    meanOpenAgeDays: 0,
  };
}

function district(name: string | null, entries: PriorityEntry[] = []): DistrictPriorities {
  return { district: name ? { id: name, code: name, name } : null, entries };
}

describe('sortDistricts', () => {
  it('orders named districts naturally and puts cases without a district last', () => {
    const sorted = sortDistricts([district(null), district('10 Bronx'), district('2 Bronx')]);
    expect(sorted.map((group) => group.district?.name ?? null)).toEqual([
      '2 Bronx',
      '10 Bronx',
      null,
    ]);
  });
});

describe('priorityChartRows', () => {
  it('lists categories by rank', () => {
    expect(priorityChartRows([entry(2, 'Noise', 3), entry(1, 'Potholes', 7.5)])).toEqual([
      { label: 'Potholes', score: 7.5, rank: 1 },
      { label: 'Noise', score: 3, rank: 2 },
    ]);
  });
});

describe('maxScore', () => {
  it('returns the highest score of any district', () => {
    expect(
      maxScore({
        districts: [district('a', [entry(1, 'x', 4)]), district('b', [entry(1, 'y', 9)])],
      }),
    ).toBe(9);
  });

  it('is zero for an empty ranking', () => {
    expect(maxScore({ districts: [] })).toBe(0);
  });
});
