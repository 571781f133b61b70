import { describe, expect, it } from 'vitest';
import { compareRules, countBudget, ruleProblem, type CountElection } from './count';
import { maxApproval } from './max-approval';
import { sequentialPhragmen } from './phragmen';
import { BUDGET_RULES, type BudgetRuleName } from './types';

/** A seeded generator, so a failing instance can be rerun. */
function randomInts(seed: number) {
  let state = seed;

  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;

    return Math.floor((state / 2_147_483_648) * below);
  };
}

/** Builds an approval election whose votes and scores are counted from the ballots. */
function approvalElection(
  costs: number[],
  ballots: (readonly string[])[],
  budget: number,
  extra: Partial<CountElection> = {},
): CountElection {
  const projects = costs.map((cost, index) => {
    const id = `p${index}`;
    const votes = ballots.filter((ballot) => ballot.includes(id)).length;

    return { id, cost, votes, score: votes };
  });

  return { voteType: 'approval', budget, projects, ballots, ...extra };
}

function randomElection(next: (below: number) => number): CountElection {
  const costs = Array.from({ length: 1 + next(6) }, () => 1 + next(40));
  const ids = costs.map((_, index) => `p${index}`);
  const ballots = Array.from({ length: 1 + next(10) }, () => ids.filter(() => next(2) === 1));

  return approvalElection(costs, ballots, 20 + next(60));
}

function selected(election: CountElection, rule: BudgetRuleName): string[] {
  return countBudget(election, rule).selectedIds;
}

/** Returns the election with one project's cost replaced. */
function withCost(election: CountElection, id: string, cost: number): CountElection {
  return {
    ...election,
    projects: election.projects.map((p) => (p.id === id ? { ...p, cost } : p)),
  };
}

/** Returns the election with `count` more ballots approving only project `id`. */
function withVoters(election: CountElection, id: string, count: number): CountElection {
  const ballots = [...election.ballots!, ...Array.from({ length: count }, () => [id])];

  return approvalElection(
    election.projects.map((p) => p.cost),
    ballots,
    election.budget,
  );
}

/** Returns the election with `count` more support points for project `id`. */
function withSupport(election: CountElection, id: string, count: number): CountElection {
  return {
    ...election,
    projects: election.projects.map((p) =>
      p.id === id ? { ...p, votes: p.votes + count, score: p.score + count } : p,
    ),
  };
}

describe('tie-break orders', () => {
  // a and b tie on 2 approvals; b is cheaper, a comes first in the file. Only one fits.
  const election = approvalElection(
    [60, 50, 10],
    [
      ['p0', 'p1'],
      ['p0', 'p1', 'p2'],
    ],
    70,
  );

  it('lower-cost-first funds the cheaper', () => {
    const outcome = countBudget(election, 'greedy');

    expect(outcome.selectedIds).toEqual(['p1', 'p2']);
    expect(outcome.tieBreaks).toEqual([
      { at: 1, projectIds: ['p1', 'p0'], decidedBy: 'cost', decidedSelection: true },
    ]);
    expect(outcome.projects.find((p) => p.id === 'p0')!.decidedByTie).toBe('cost');
  });

  it('file-order funds the earlier', () => {
    const outcome = countBudget({ ...election, tieBreak: 'file-order' }, 'greedy');

    expect(outcome.selectedIds).toEqual(['p0', 'p2']);
    expect(outcome.tieBreaks[0]!.decidedBy).toBe('file-order');
  });

  it('more-votes-first uses ballots on cumulative', () => {
    const cumulative: CountElection = {
      voteType: 'cumulative',
      budget: 70,
      projects: [
        { id: 'p0', cost: 60, votes: 3, score: 6 },
        { id: 'p1', cost: 50, votes: 1, score: 6 },
      ],
    };

    expect(selected({ ...cumulative, tieBreak: 'more-votes-first' }, 'greedy')).toEqual(['p0']);
    expect(selected(cumulative, 'greedy')).toEqual(['p1']);
  });

  it('applies to equal shares ties', () => {
    // Two voters, each approving one project of equal cost: both cost 1 per unit of value.
    const tied = approvalElection([50, 50], [['p1'], ['p0']], 60);

    expect(selected(tied, 'equalshares')).toEqual([]);
    expect(selected({ ...tied, budget: 100 }, 'equalshares')).toEqual(['p0', 'p1']);
    expect(countBudget({ ...tied, budget: 100 }, 'sequential-phragmen').selectedIds).toEqual([
      'p0',
      'p1',
    ]);
    expect(selected({ ...tied, budget: 60 }, 'sequential-phragmen')).toEqual(['p0']);
    expect(
      selected({ ...tied, budget: 60, tieBreak: 'more-votes-first' }, 'sequential-phragmen'),
    ).toEqual(['p0']);
  });
});

describe('sequentialPhragmen', () => {
  // p0 (cost 30) has 3 supporters: time 10. p1 (cost 20) has voters 0 and 3: time 10, tied, and
  // p1 is cheaper so it goes first. Then p0 needs (30 + 10) / 3 = 40/3 and p2 (cost 40, voter 3)
  // needs 10 + 40 = 50; p0 wins. p2 then no longer fits in 100 - 50 = 50? It does (40), time 50.
  const election = {
    projects: [
      { id: 'p0', cost: 30 },
      { id: 'p1', cost: 20 },
      { id: 'p2', cost: 40 },
    ],
    ballots: [['p0', 'p1'], ['p0'], ['p0'], ['p1', 'p2']],
    budget: 100,
  };

  it('funds by earliest time', () => {
    const result = sequentialPhragmen(election);

    expect(result.funded.map((p) => [p.id, p.load])).toEqual([
      ['p1', { numerator: 10n, denominator: 1n }],
      ['p0', { numerator: 40n, denominator: 3n }],
      ['p2', { numerator: 50n, denominator: 1n }],
    ]);
    expect(result.spent).toBe(90);
  });

  it('drops a project that no longer fits', () => {
    const result = sequentialPhragmen({ ...election, budget: 80 });

    expect(result.funded.map((p) => p.id)).toEqual(['p1', 'p0']);
    expect(result.dropped).toEqual([
      { id: 'p2', round: 3, budgetLeft: 30, reason: 'did-not-fit', category: null },
    ]);
  });

  it('reports the tie decided by cost', () => {
    expect(sequentialPhragmen(election).tieBreaks).toEqual([
      { round: 1, projectIds: ['p1', 'p0'], decidedBy: 'cost', decidedSelection: false },
    ]);
  });
});

describe('maxApproval', () => {
  function bruteForce(projects: { cost: number; support: number }[], budget: number): number {
    let best = 0;
    for (let mask = 0; mask < 1 << projects.length; mask += 1) {
      const chosen = projects.filter((_, index) => (mask >> index) & 1);
      const cost = chosen.reduce((sum, p) => sum + p.cost, 0);
      const support = chosen.reduce((sum, p) => sum + p.support, 0);
      if (cost <= budget && support > best) {
        best = support;
      }
    }

    return best;
  }

  it('beats greedy where greedy wastes money', () => {
    const projects = [
      { id: 'a', cost: 60, support: 10 },
      { id: 'b', cost: 50, support: 9 },
      { id: 'c', cost: 50, support: 9 },
    ];
    const result = maxApproval(projects, 100);

    expect(result.selectedIds).toEqual(['b', 'c']);
    expect(result.totalSupport).toBe(18);
    expect(result.tieDecidedIds).toEqual([]);
  });

  it('matches brute force on random elections', () => {
    const next = randomInts(11);
    for (let instance = 0; instance < 300; instance += 1) {
      const projects = Array.from({ length: 1 + next(8) }, (_, index) => ({
        id: `p${index}`,
        cost: next(50),
        support: next(12),
      }));
      const budget = next(120);
      const result = maxApproval(projects, budget);
      const chosen = projects.filter((p) => result.selectedIds.includes(p.id));

      expect({ instance, support: result.totalSupport }).toEqual({
        instance,
        support: bruteForce(projects, budget),
      });
      expect(chosen.reduce((sum, p) => sum + p.cost, 0)).toBeLessThanOrEqual(budget);
      expect(chosen.reduce((sum, p) => sum + p.support, 0)).toBe(result.totalSupport);
    }
  });

  it('rejects an election over the work limit', () => {
    const projects = Array.from({ length: 3 }, (_, index) => ({
      id: `p${index}`,
      cost: 1,
      support: 1_000_000_000,
    }));

    expect(() => maxApproval(projects, 10)).toThrow(/projects × \(total support \+ 1\)/);
  });
});

describe('countBudget explanations', () => {
  it('greedy names reasons and money left', () => {
    const election = approvalElection(
      [30, 80, 10],
      [['p0', 'p1'], ['p0', 'p1'], ['p0'], ['p2']],
      100,
    );
    const outcome = countBudget(election, 'greedy', { explain: true });

    expect(outcome.projects).toEqual([
      expect.objectContaining({ id: 'p0', rank: 1, reason: 'funded', budgetLeft: 100 }),
      expect.objectContaining({ id: 'p1', rank: 2, reason: 'did-not-fit', budgetLeft: 70 }),
      expect.objectContaining({ id: 'p2', rank: 3, reason: 'funded', budgetLeft: 70 }),
    ]);
    expect(outcome.projects[1]!.change).toEqual({
      additionalSupport: 2,
      maxCostToFund: 70,
      note: null,
    });
  });

  it('no-skip marks projects after the stop', () => {
    const election = approvalElection(
      [30, 80, 10],
      [['p0', 'p1'], ['p0', 'p1'], ['p0'], ['p2']],
      100,
    );
    const outcome = countBudget(election, 'greedy-no-skip', { explain: true });
    const last = outcome.projects[2]!;

    expect(last.reason).toBe('stopped');
    expect(last.change!.maxCostToFund).toBeNull();
    expect(last.change!.note).toMatch(/stopped before its turn/);
    // One more approval ties p1, and the lower cost puts p2 first.
    expect(last.change!.additionalSupport).toBe(1);
  });

  it('threshold marks projects below it', () => {
    const election = approvalElection([30, 10], [['p0', 'p1'], ['p0']], 100, {
      minProjectScore: 2,
    });
    const outcome = countBudget(election, 'greedy-threshold', { explain: true });

    expect(outcome.projects[1]).toMatchObject({ id: 'p1', reason: 'below-threshold' });
    expect(outcome.projects[1]!.change!.additionalSupport).toBe(1);
  });

  it('equal shares reports shares running out', () => {
    const election = approvalElection([40, 60, 10], [['p0'], ['p1'], ['p1'], []], 100);
    const outcome = countBudget(election, 'equalshares', { explain: true });

    expect(outcome.equalShares!.share).toBe('25');
    expect(outcome.selectedIds).toEqual([]);
    expect(outcome.projects.find((p) => p.id === 'p2')!.reason).toBe('no-support');
    expect(outcome.projects.find((p) => p.id === 'p0')!.reason).toBe('shares-ran-out');
    expect(outcome.projects.find((p) => p.id === 'p0')!.change!.maxCostToFund).toBe(25);
  });

  it('equal shares without ballots funds nothing', () => {
    const election = approvalElection([40, 60], [], 100);

    for (const rule of ['equalshares', 'equalshares/add1-comparison'] as const) {
      const outcome = countBudget(election, rule, { explain: true });

      expect(outcome.selectedIds).toEqual([]);
      expect(outcome.projects.map((p) => p.reason)).toEqual(['no-support', 'no-support']);
      expect(outcome.equalShares).toBeNull();
    }
  });

  it('comparison marks replaced projects', () => {
    // Shares of 50: MES funds p0 and p1 for one voter each, and p2's four supporters hold 200 of
    // its 250. One more currency unit each would fund p2 and overspend. Greedy funds p2 and p0,
    // which four voters prefer and one (p1's) does not.
    const election = approvalElection(
      [50, 50, 250],
      [['p0'], ['p1'], ['p2'], ['p2'], ['p2'], ['p2']],
      300,
    );
    const outcome = countBudget(election, 'equalshares/add1-comparison');

    expect(outcome.equalShares!.comparison).toEqual({
      preferEqualShares: 1,
      preferGreedy: 4,
      indifferent: 1,
      outcome: 'greedy',
    });
    expect(outcome.selectedIds).toEqual(['p2', 'p0']);
    expect(outcome.projects.find((p) => p.id === 'p1')!.reason).toBe('replaced-by-comparison');
  });

  it('max approval gives exact change figures', () => {
    const election = approvalElection(
      [60, 50, 50],
      [['p0', 'p1', 'p2'], ['p0', 'p1', 'p2'], ['p0']],
      100,
    );
    const outcome = countBudget(election, 'max-approval', { explain: true });
    const left = outcome.projects.find((p) => p.id === 'p0')!;

    expect(outcome.selectedIds).toEqual(['p1', 'p2']);
    expect(left.reason).toBe('not-in-optimum');
    // p0 alone beats 4 approvals with 5, and fits next to one other project at cost 50.
    expect(left.change).toEqual({ additionalSupport: 2, maxCostToFund: 50, note: null });
  });

  it('rejects equal shares on cumulative ballots', () => {
    const election: CountElection = {
      voteType: 'cumulative',
      budget: 10,
      projects: [{ id: 'p0', cost: 5, votes: 1, score: 3 }],
    };

    expect(() => countBudget(election, 'equalshares')).toThrow(
      'rule equalshares counts approval or choose-1 ballots, not cumulative ones; choose a greedy rule or max-approval',
    );
    expect(ruleProblem('sequential-phragmen', 'ordinal')).toMatch(/not ordinal ones/);
    expect(ruleProblem('max-approval', 'ordinal')).toBeNull();
  });
});

describe('change figures on random elections', () => {
  const rules: BudgetRuleName[] = ['greedy', 'greedy-no-skip'];

  it.each(rules)('%s: support and cost bounds are tight', (rule) => {
    const next = randomInts(rule.length);
    for (let instance = 0; instance < 150; instance += 1) {
      const election = randomElection(next);
      for (const project of countBudget(election, rule, { explain: true }).projects) {
        const { additionalSupport, maxCostToFund } = project.change ?? {};
        if (additionalSupport != null) {
          const context = { instance, id: project.id, additionalSupport };
          const more = selected(withSupport(election, project.id, additionalSupport), rule);
          const fewer = selected(withSupport(election, project.id, additionalSupport - 1), rule);

          expect({ ...context, funded: more.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
          expect({ ...context, funded: fewer.includes(project.id) }).toEqual({
            ...context,
            funded: false,
          });
        }
        if (maxCostToFund != null) {
          const context = { instance, id: project.id, maxCostToFund };
          const atBound = selected(withCost(election, project.id, maxCostToFund), rule);
          const above = selected(withCost(election, project.id, maxCostToFund + 1), rule);

          expect({ ...context, funded: atBound.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
          expect({ ...context, funded: above.includes(project.id) }).toEqual({
            ...context,
            funded: false,
          });
        }
      }
    }
  });

  it('max-approval: support and cost bounds fund', () => {
    const next = randomInts(17);
    for (let instance = 0; instance < 150; instance += 1) {
      const election = randomElection(next);
      const rule = 'max-approval';
      for (const project of countBudget(election, rule, { explain: true }).projects) {
        const { additionalSupport, maxCostToFund } = project.change ?? {};
        const context = { instance, id: project.id, additionalSupport, maxCostToFund };
        if (additionalSupport != null) {
          const more = countBudget(withSupport(election, project.id, additionalSupport), rule);

          expect({ ...context, funded: more.selectedIds.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
        }
        if (maxCostToFund != null) {
          const atBound = selected(withCost(election, project.id, maxCostToFund), rule);

          expect({ ...context, funded: atBound.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
        }
      }
    }
  });

  it('sequential-phragmen: new voters and cost bounds fund', () => {
    const next = randomInts(5);
    for (let instance = 0; instance < 150; instance += 1) {
      const election = randomElection(next);
      const rule = 'sequential-phragmen';
      for (const project of countBudget(election, rule, { explain: true }).projects) {
        const { additionalSupport, maxCostToFund } = project.change ?? {};
        const context = { instance, id: project.id, additionalSupport, maxCostToFund };
        if (additionalSupport != null) {
          const more = selected(withVoters(election, project.id, additionalSupport), rule);

          expect({ ...context, funded: more.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
        }
        if (maxCostToFund != null) {
          const atBound = selected(withCost(election, project.id, maxCostToFund), rule);

          expect({ ...context, funded: atBound.includes(project.id) }).toEqual({
            ...context,
            funded: true,
          });
        }
      }
    }
  });

  it('equalshares: the cost bound funds the project', () => {
    const next = randomInts(3);
    for (let instance = 0; instance < 150; instance += 1) {
      const election = randomElection(next);
      for (const project of countBudget(election, 'equalshares', { explain: true }).projects) {
        const maxCostToFund = project.change?.maxCostToFund;
        if (maxCostToFund == null) {
          continue;
        }
        const context = { instance, id: project.id, maxCostToFund };
        const atBound = selected(withCost(election, project.id, maxCostToFund), 'equalshares');

        expect({ ...context, funded: atBound.includes(project.id) }).toEqual({
          ...context,
          funded: true,
        });
      }
    }
  });
});

describe('compareRules', () => {
  it('lists every rule with a changed budget', () => {
    const election = approvalElection(
      [30, 80, 10],
      [['p0', 'p1'], ['p0', 'p1'], ['p0'], ['p2']],
      100,
    );
    const comparison = compareRules(election, { budget: 200 });

    expect(comparison.map((entry) => entry.rule)).toEqual(BUDGET_RULES);
    for (const entry of comparison) {
      expect(entry.outcome!.budget).toBe(200);
      expect(entry.problem).toBeNull();
    }
    expect(comparison[0]!.outcome!.selectedIds).toEqual(['p0', 'p1', 'p2']);
  });

  it('names rules that cannot count ordinal ballots', () => {
    const election: CountElection = {
      voteType: 'ordinal',
      budget: 10,
      projects: [{ id: 'p0', cost: 5, votes: 1, score: 3 }],
    };
    const problems = compareRules(election).filter((entry) => entry.problem !== null);

    expect(problems.map((entry) => entry.rule)).toEqual([
      'equalshares',
      'equalshares/add1',
      'equalshares/add1-comparison',
      'sequential-phragmen',
    ]);
  });
});
