import { describe, expect, it } from 'vitest';
import { hasPoints, projectsByRank, spentShare, voteChartRows } from './budget';
import type { ProjectTally } from './types';

function project(code: string, rank: number, votes: number, selected: boolean): ProjectTally {
  return {
    projectId: `id-${code}`,
    code,
    name: `Project ${code}`,
    cost: 1000,
    votes,
    score: votes,
    selected,
    rank,
  };
}

describe('projectsByRank', () => {
  it('orders by rank', () => {
    const projects = [project('b', 2, 5, false), project('a', 1, 9, true)];
    expect(projectsByRank(projects).map((item) => item.code)).toEqual(['a', 'b']);
  });

  it('breaks equal ranks by numeric code', () => {
    const projects = [project('10', 1, 5, false), project('9', 1, 5, false)];
    expect(projectsByRank(projects).map((item) => item.code)).toEqual(['9', '10']);
  });
});

describe('spentShare', () => {
  it('divides spent by budget', () => {
    expect(spentShare({ spent: 250, budget: 1000 })).toBe(0.25);
  });

  it('is zero for a zero budget', () => {
    expect(spentShare({ spent: 0, budget: 0 })).toBe(0);
  });
});

describe('voteChartRows', () => {
  it('labels bars with code and name in rank order', () => {
    expect(voteChartRows([project('7', 2, 3, false), project('4', 1, 8, true)])).toEqual([
      { code: '4', label: '4 · Project 4', votes: 8, selected: true },
      { code: '7', label: '7 · Project 7', votes: 3, selected: false },
    ]);
  });
});

describe('hasPoints', () => {
  it('is true for cumulative ballots', () => {
    expect(hasPoints('CUMULATIVE')).toBe(true);
  });

  it('is true for ranked ballots', () => {
    expect(hasPoints('ORDINAL')).toBe(true);
  });

  it('is false for approval ballots', () => {
    expect(hasPoints('APPROVAL')).toBe(false);
  });
});
