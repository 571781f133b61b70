import { describe, expect, it } from 'vitest';
import { countBudget, type CountElection, type RuleOutcome } from './count';
import { CategoryLedger, categoryLimitsProblem, projectCategories } from './funding-limits';
import { maxApprovalWithLimits } from './max-approval.limits';
import { BUDGET_RULES } from './types';

/**
 * Five voters approve a (5 votes, cost 40, G), b (4, 30, G), c (3, 30, S) and d (2, 20, S).
 * Without limits, greedy funds a, b and c for the whole budget of 100.
 */
const election: CountElection = {
  voteType: 'approval',
  budget: 100,
  projects: [
    { id: 'a', cost: 40, votes: 5, score: 5, category: 'G' },
    { id: 'b', cost: 30, votes: 4, score: 4, category: 'G' },
    { id: 'c', cost: 30, votes: 3, score: 3, category: 'S' },
    { id: 'd', cost: 20, votes: 2, score: 2, category: 'S' },
  ],
  ballots: [['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c'], ['a', 'b'], ['a']],
};

const greenCap = {
  ...election,
  categoryLimits: [{ category: 'G', maxCost: 60, maxProjects: null }],
};

function entry(outcome: RuleOutcome, id: string) {
  return outcome.projects.find((project) => project.id === id)!;
}

function spentIn(outcome: RuleOutcome, category: string): number {
  return election.projects
    .filter((project) => project.category === category && outcome.selectedIds.includes(project.id))
    .reduce((sum, project) => sum + project.cost, 0);
}

describe('projectCategories', () => {
  it('splits a comma-separated field', () => {
    expect(projectCategories(' Groen , Sport,')).toEqual(['Groen', 'Sport']);
    expect(projectCategories(null)).toEqual([]);
  });
});

describe('categoryLimitsProblem', () => {
  it('rejects a category listed twice', () => {
    const limit = { category: 'G', maxCost: 1, maxProjects: null };

    expect(categoryLimitsProblem([limit, limit])).toMatch(/two limits/);
  });

  it('rejects a negative cap', () => {
    expect(categoryLimitsProblem([{ category: 'G', maxCost: -1, maxProjects: null }])).toMatch(
      /maxCost of category "G"/,
    );
  });

  it('accepts distinct categories', () => {
    expect(categoryLimitsProblem([{ category: 'G', maxCost: 5, maxProjects: 2 }])).toBeNull();
  });
});

describe('CategoryLedger', () => {
  it('reports room and blocks by count before cost', () => {
    const ledger = new CategoryLedger(
      [{ category: 'G', maxCost: 50, maxProjects: 1 }],
      ['G', 'G,S', null],
    );
    expect(ledger.room(0)).toBe(50n);
    expect(ledger.room(2)).toBeNull();
    ledger.fund(0, 40);

    expect(ledger.room(1)).toBe(-1n);
    expect(ledger.fullCategory(1)).toBe('G');
    expect(ledger.fullCategory(2)).toBeNull();
    expect(ledger.blocked(1, 5)?.reason).toBe('category-limit-reached');
    expect(ledger.blocked(2, 1000)).toBeNull();
  });
});

describe('category budget cap', () => {
  it('greedy skips b and funds c and d', () => {
    const outcome = countBudget(greenCap, 'greedy', { explain: true });

    expect(outcome.selectedIds).toEqual(['a', 'c', 'd']);
    expect(entry(outcome, 'b')).toMatchObject({
      reason: 'category-budget-exhausted',
      category: 'G',
    });
    expect(entry(outcome, 'b').detail).toMatch(/^category budget exhausted/);
  });

  it('greedy explains what funds b', () => {
    const change = entry(countBudget(greenCap, 'greedy', { explain: true }), 'b').change!;

    // At cost 20, a and b together spend the 60 of G. With 5 votes, b ties a and goes first
    // on lower cost, and then a no longer fits in G.
    expect(change.maxCostToFund).toBe(20);
    expect(change.additionalSupport).toBe(1);
  });

  it('greedy-no-skip goes on past a category skip', () => {
    const outcome = countBudget(greenCap, 'greedy-no-skip');

    expect(outcome.selectedIds).toEqual(['a', 'c', 'd']);
  });

  it('equal shares drops b and funds c', () => {
    const outcome = countBudget(greenCap, 'equalshares', { explain: true });

    // Without the cap MES funds a and b; with it, b leaves the candidates after round 1.
    expect(countBudget(election, 'equalshares').selectedIds).toEqual(['a', 'b']);
    expect(outcome.selectedIds).toEqual(['a', 'c']);
    expect(entry(outcome, 'b').reason).toBe('category-budget-exhausted');
    // Round 2 leaves G 20 of room, and at cost 20 b's price 1/4 beats c's 1/3.
    expect(entry(outcome, 'b').change?.maxCostToFund).toBe(20);
  });

  it('equal shares with add1 stays within the cap', () => {
    for (const rule of ['equalshares/add1', 'equalshares/add1-comparison'] as const) {
      const outcome = countBudget(greenCap, rule);

      expect(spentIn(outcome, 'G')).toBeLessThanOrEqual(60);
      expect(outcome.spent).toBeLessThanOrEqual(100);
      expect(entry(outcome, 'b').selected).toBe(false);
    }
  });

  it('Phragmén drops a and funds b, d and c', () => {
    const outcome = countBudget(greenCap, 'sequential-phragmen', { explain: true });

    expect(countBudget(election, 'sequential-phragmen').selectedIds).toEqual(['b', 'a', 'd']);
    expect(outcome.selectedIds).toEqual(['b', 'd', 'c']);
    expect(entry(outcome, 'a')).toMatchObject({
      reason: 'category-budget-exhausted',
      category: 'G',
    });
    // At cost 37 a's time 37/5 beats b's 30/4 in round 1; after b, G has only 30 of room.
    expect(entry(outcome, 'a').change?.maxCostToFund).toBe(37);
  });

  it('max-approval picks the best set within the cap', () => {
    const outcome = countBudget(greenCap, 'max-approval', { explain: true });

    // a + c + d = 10 votes for 90, the best set with at most 60 in G; listed by tie-break order.
    expect(outcome.selectedIds).toEqual(['d', 'c', 'a']);
    expect(entry(outcome, 'b').reason).toBe('category-budget-exhausted');
  });
});

describe('category cap below a cost', () => {
  it('every rule says the cost alone exceeds the cap', () => {
    // a costs 40, more than G's cap of 35, so it is left out before anything of G is funded.
    const below = {
      ...election,
      categoryLimits: [{ category: 'G', maxCost: 35, maxProjects: null }],
    };
    for (const rule of BUDGET_RULES) {
      const outcome = countBudget(below, rule, { explain: true });

      expect(entry(outcome, 'a').reason, rule).toBe('category-budget-exhausted');
      expect(entry(outcome, 'a').detail, rule).toBe(
        'category budget exceeded: its cost of 40 minor units alone exceeds the cap of 35 minor units for category "G"',
      );
    }
  });

  it('keeps the spent-cap sentence when the cost fits the cap', () => {
    const outcome = countBudget(greenCap, 'greedy');

    expect(entry(outcome, 'b').detail).toBe(
      'category budget exhausted: the projects funded before it leave too little of the 60 minor units for category "G"',
    );
  });

  it('greedy finds no support that funds b', () => {
    const tight = {
      ...election,
      categoryLimits: [{ category: 'G', maxCost: 20, maxProjects: null }],
    };
    const outcome = countBudget(tight, 'greedy', { explain: true });

    expect(entry(outcome, 'b').change).toEqual({
      additionalSupport: null,
      maxCostToFund: 20,
      note: 'it costs more than its category limits allow, so no support funds it',
    });
  });
});

describe('category project limit', () => {
  const oneSport = {
    ...election,
    budget: 120,
    categoryLimits: [{ category: 'S', maxCost: null, maxProjects: 1 }],
  };

  it('greedy leaves d out once S has one project', () => {
    const outcome = countBudget(oneSport, 'greedy', { explain: true });

    expect(outcome.selectedIds).toEqual(['a', 'b', 'c']);
    expect(entry(outcome, 'd')).toMatchObject({ reason: 'category-limit-reached', category: 'S' });
    expect(entry(outcome, 'd').detail).toBe(
      'category limit reached: category "S" already has 1 funded projects',
    );
    expect(entry(outcome, 'd').change?.maxCostToFund).toBeNull();
    expect(entry(outcome, 'd').change?.note).toMatch(/maximum number of projects/);
  });

  it('equal shares names the full category for b', () => {
    const oneGreen = {
      ...election,
      categoryLimits: [{ category: 'G', maxCost: null, maxProjects: 1 }],
    };
    for (const rule of [
      'equalshares',
      'equalshares/add1',
      'equalshares/add1-comparison',
    ] as const) {
      const outcome = countBudget(oneGreen, rule, { explain: true });
      const change = entry(outcome, 'b').change!;

      // b's 4 supporters never beat a's 5 in round 1, and after a the count of G is full.
      expect(outcome.selectedIds, rule).toContain('a');
      expect(entry(outcome, 'b').reason, rule).toBe('category-limit-reached');
      expect(change.maxCostToFund, rule).toBeNull();
      expect(change.note, rule).toMatch(
        /^category "G" reached its maximum number of projects before its turn, so no cost funds it/,
      );
    }
  });

  it('equal shares still says nobody approved an unvoted project', () => {
    const unvoted = {
      ...election,
      projects: [...election.projects, { id: 'e', cost: 10, votes: 0, score: 0, category: 'G' }],
      categoryLimits: [{ category: 'G', maxCost: null, maxProjects: 1 }],
    };
    const outcome = countBudget(unvoted, 'equalshares', { explain: true });

    expect(entry(outcome, 'e').reason).toBe('no-support');
    expect(entry(outcome, 'e').change?.note).toMatch(/^nobody approved it/);
  });

  it('max-approval keeps one project of G', () => {
    const oneGreen = {
      ...election,
      categoryLimits: [{ category: 'G', maxCost: null, maxProjects: 1 }],
    };
    const outcome = countBudget(oneGreen, 'max-approval', { explain: true });

    expect(outcome.selectedIds).toEqual(['d', 'c', 'a']);
    expect(entry(outcome, 'b')).toMatchObject({ reason: 'category-limit-reached', category: 'G' });
    // b with c and d has 9 votes against 10: b needs 2 more to be in every optimum.
    expect(entry(outcome, 'b').change?.additionalSupport).toBe(2);
    expect(entry(outcome, 'b').change?.maxCostToFund).toBeNull();
  });

  it('every rule respects the limit', () => {
    for (const rule of BUDGET_RULES) {
      const outcome = countBudget(oneSport, rule);
      const sport = outcome.selectedIds.filter((id) => id === 'c' || id === 'd');

      expect(sport.length, rule).toBeLessThanOrEqual(1);
    }
  });
});

describe('minimum support', () => {
  const minimum = { ...election, minProjectScore: 3 };

  it('every rule leaves d out with the reason', () => {
    for (const rule of BUDGET_RULES) {
      const outcome = countBudget(minimum, rule, { explain: true });

      expect(entry(outcome, 'd').selected, rule).toBe(false);
      expect(entry(outcome, 'd').reason, rule).toBe('below-threshold');
      expect(entry(outcome, 'd').detail, rule).toBe('below the minimum of 3 votes');
    }
  });

  it('greedy needs one more vote for d', () => {
    const outcome = countBudget({ ...minimum, budget: 120 }, 'greedy', { explain: true });

    expect(entry(outcome, 'd').change).toEqual({
      additionalSupport: 1,
      maxCostToFund: null,
      note: 'its support is below the minimum of 3, so no cost funds it',
    });
  });

  it('Phragmén needs one more voter for d', () => {
    const outcome = countBudget({ ...minimum, budget: 120 }, 'sequential-phragmen', {
      explain: true,
    });

    expect(entry(outcome, 'd').change?.additionalSupport).toBe(1);
    expect(entry(outcome, 'd').change?.maxCostToFund).toBeNull();
  });

  it('names points on cumulative ballots', () => {
    const outcome = countBudget({ ...minimum, voteType: 'cumulative' }, 'greedy');

    expect(entry(outcome, 'd').detail).toBe('below the minimum of 3 points');
  });
});

describe('maxApprovalWithLimits', () => {
  /** Deterministic pseudo-random numbers, so a failure can be replayed. */
  function random(seed: number) {
    let state = seed;

    return (below: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;

      return state % below;
    };
  }

  it('equals brute force on small elections', () => {
    const next = random(7);
    for (let trial = 0; trial < 150; trial += 1) {
      const count = 1 + next(8);
      const projects = Array.from({ length: count }, (_, index) => ({
        id: `p${index}`,
        cost: 1 + next(30),
        support: next(6),
      }));
      const categories = projects.map(() => ['A', 'B', null][next(3)]!);
      const capA = next(2) ? 10 + next(30) : null;
      const countA = next(3);
      const capB = 5 + next(40);
      const limits = [
        { category: 'A', maxCost: capA, maxProjects: countA },
        { category: 'B', maxCost: capB, maxProjects: null },
      ];
      const budget = 10 + next(60);
      let best = { support: -1, cost: 0 };
      for (let mask = 0; mask < 1 << count; mask += 1) {
        const chosen = projects.filter((_, index) => mask & (1 << index));
        const chosenCategories = categories.filter((_, index) => mask & (1 << index));
        const cost = chosen.reduce((sum, p) => sum + p.cost, 0);
        const support = chosen.reduce((sum, p) => sum + p.support, 0);
        const inA = chosen.filter((_, i) => chosenCategories[i] === 'A');
        const inB = chosen.filter((_, i) => chosenCategories[i] === 'B');
        const fits =
          cost <= budget &&
          (capA === null || inA.reduce((s, p) => s + p.cost, 0) <= capA) &&
          inA.length <= countA &&
          inB.reduce((s, p) => s + p.cost, 0) <= capB;
        if (fits && (support > best.support || (support === best.support && cost < best.cost))) {
          best = { support, cost };
        }
      }
      const result = maxApprovalWithLimits(projects, budget, limits, categories);

      expect(result.totalSupport, `trial ${trial}`).toBe(best.support);
      expect(result.spent, `trial ${trial}`).toBe(best.cost);
    }
  });

  it('rejects a project in two limited categories', () => {
    expect(() =>
      maxApprovalWithLimits(
        [{ id: 'x', cost: 1, support: 1 }],
        10,
        [
          { category: 'A', maxCost: 5, maxProjects: null },
          { category: 'B', maxCost: 5, maxProjects: null },
        ],
        ['A,B'],
      ),
    ).toThrow(/2 limited categories/);
  });

  it('names the project by its code in countBudget', () => {
    const twoCaps: CountElection = {
      voteType: 'approval',
      budget: 10,
      projects: [{ id: 'uuid-1', code: 'X1', cost: 1, votes: 1, score: 1, category: 'A,B' }],
      categoryLimits: [
        { category: 'A', maxCost: 5, maxProjects: null },
        { category: 'B', maxCost: 5, maxProjects: null },
      ],
    };

    expect(() => countBudget(twoCaps, 'max-approval')).toThrow(
      /^project X1 is in 2 limited categories/,
    );
  });
});
