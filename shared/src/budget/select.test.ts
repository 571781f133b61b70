import { describe, expect, it } from 'vitest';
import { selectProjects, type SelectionInput } from './select';

const projects: SelectionInput[] = [
  { id: 'a', cost: 500, support: 10 },
  { id: 'b', cost: 300, support: 30 },
  { id: 'c', cost: 400, support: 20 },
  { id: 'd', cost: 100, support: 5 },
];

function selectedIds(result: ReturnType<typeof selectProjects>): string[] {
  return result.projects.filter((project) => project.selected).map((project) => project.id);
}

describe('selectProjects', () => {
  it('greedy skips a project that does not fit', () => {
    const result = selectProjects(projects, 'greedy', 800);

    expect(result.projects).toEqual([
      { id: 'b', rank: 1, selected: true, reason: 'funded', budgetLeft: 800, category: null },
      { id: 'c', rank: 2, selected: true, reason: 'funded', budgetLeft: 500, category: null },
      {
        id: 'a',
        rank: 3,
        selected: false,
        reason: 'does-not-fit',
        budgetLeft: 100,
        category: null,
      },
      { id: 'd', rank: 4, selected: true, reason: 'funded', budgetLeft: 100, category: null },
    ]);
    expect(result.spent).toBe(800);
  });

  it('greedy-no-skip stops at the first misfit', () => {
    const result = selectProjects(projects, 'greedy-no-skip', 800);

    expect(selectedIds(result)).toEqual(['b', 'c']);
    expect(result.projects.map((project) => project.reason)).toEqual([
      'funded',
      'funded',
      'does-not-fit',
      'after-stop',
    ]);
    expect(result.spent).toBe(700);
  });

  it('greedy-threshold funds only supported projects', () => {
    const result = selectProjects(projects, 'greedy-threshold', 10_000, { minProjectScore: 10 });

    expect(selectedIds(result)).toEqual(['b', 'c', 'a']);
    expect(result.projects[3]).toEqual({
      id: 'd',
      rank: 4,
      selected: false,
      reason: 'below-threshold',
      budgetLeft: 8_800,
      category: null,
    });
  });

  it('funds a project costing exactly what is left', () => {
    const result = selectProjects([{ id: 'x', cost: 120_905, support: 1 }], 'greedy', 120_905);

    expect(selectedIds(result)).toEqual(['x']);
    expect(result.spent).toBe(120_905);
  });

  it('breaks ties by cost, then file order', () => {
    const tied: SelectionInput[] = [
      { id: 'late', cost: 200, support: 7 },
      { id: 'cheap', cost: 100, support: 7 },
      { id: 'early', cost: 200, support: 7 },
    ];
    const result = selectProjects(tied, 'greedy', 300);

    expect(result.projects.map((project) => project.id)).toEqual(['cheap', 'late', 'early']);
    expect(result.tieBreaks).toEqual([
      { projectIds: ['cheap', 'late'], decidedBy: 'cost', decidedSelection: false },
      { projectIds: ['late', 'early'], decidedBy: 'file-order', decidedSelection: true },
    ]);
  });

  it('reports no tie-breaks without ties', () => {
    expect(selectProjects(projects, 'greedy', 800).tieBreaks).toEqual([]);
  });

  it('keeps budgets beyond 2^32 exact', () => {
    const budget = 2 ** 40 + 1;
    const result = selectProjects(
      [
        { id: 'big', cost: 2 ** 40, support: 2 },
        { id: 'one', cost: 1, support: 1 },
      ],
      'greedy',
      budget,
    );

    expect(result.spent).toBe(budget);
  });

  it('rejects a fractional cost', () => {
    expect(() => selectProjects([{ id: 'x', cost: 1.5, support: 1 }], 'greedy', 10)).toThrow(
      'cost of project x must be a non-negative safe integer, got 1.5',
    );
  });
});
