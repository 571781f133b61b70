import { describe, expect, it } from 'vitest';
import {
  equalShares,
  equalSharesAdd1,
  equalSharesAdd1Comparison,
  type EqualSharesElection,
  type EqualSharesInput,
} from './equal-shares';
import { compareRationals, rational, subtractRationals, type Rational } from './rational';

// Money is in minor units throughout; the add1 step is one currency unit, 100 minor units.

describe('equalShares', () => {
  // Four voters with 100 each. p1 (120) and p3 (200) both cost 1/3 per unit of value in round 1
  // (q = 40 and q = 200/3 with three supporters), so the lower cost puts p1 first. Balances
  // become 60, 60, 60, 100. Round 2: p2 (voters 1, 4) needs q = 90 (voter 1 pays all 60,
  // voter 4 pays 90), price 90/150 = 3/5; p3 (voters 2, 3, 4) needs q = 80 (voters 2 and 3 pay
  // 60 each, voter 4 pays 80), price 80/200 = 2/5. p3 wins; then voters 1 and 4 hold 60 + 20,
  // less than p2's 150, so MES stops.
  const election = {
    projects: [
      { id: 'p1', cost: 120 },
      { id: 'p2', cost: 150 },
      { id: 'p3', cost: 200 },
    ],
    ballots: [
      ['p1', 'p2'],
      ['p1', 'p3'],
      ['p1', 'p3'],
      ['p2', 'p3'],
    ],
    budget: 400,
  };

  it('funds by lowest price per unit of value', () => {
    const result = equalShares({ ...election, share: rational(100) });

    expect(result.funded).toEqual([
      {
        id: 'p1',
        round: 1,
        cost: 120,
        payment: rational(40),
        supporterMoneyBefore: rational(300),
        supporterMoneyAfter: rational(180),
      },
      {
        id: 'p3',
        round: 2,
        cost: 200,
        payment: rational(80),
        supporterMoneyBefore: rational(220),
        supporterMoneyAfter: rational(20),
      },
    ]);
    expect(result.spent).toBe(320);
  });

  it('reports a tie decided by cost', () => {
    expect(equalShares({ ...election, share: rational(100) }).tieBreaks).toEqual([
      { round: 1, projectIds: ['p1', 'p3'], decidedBy: 'cost', decidedSelection: false },
    ]);
  });

  // Ten voters share 3: 3/10 each. x (cost 1) and y (cost 2) are approved by all ten, so both
  // cost 1/10 per unit of value and x goes first on cost, at q = 1/10. Each voter keeps
  // 3/10 - 1/10 = 1/5, and the ten together hold exactly y's cost 2. In binary floating point
  // 0.3 - 0.1 is 0.19999999999999998, below y's q of 0.2, so the ten would hold less than 2
  // and y would be dropped.
  it('funds a project affordable only in exact arithmetic', () => {
    const ballots = Array.from({ length: 10 }, () => ['x', 'y']);
    const result = equalShares({
      projects: [
        { id: 'x', cost: 1 },
        { id: 'y', cost: 2 },
      ],
      ballots,
      share: rational(3, 10),
      budget: 3,
    });

    expect(0.3 - 0.1 < 0.2).toBe(true);
    expect(result.funded.map((project) => [project.id, project.payment])).toEqual([
      ['x', rational(1, 10)],
      ['y', rational(1, 5)],
    ]);
    expect(result.funded[1]!.supporterMoneyAfter).toEqual(rational(0));
    expect(result.spent).toBe(3);
  });

  // Eight voters with 50 each. Round 1: z (cost 200, voters 1, 6, 7, 8) costs q = 50, price 1/4,
  // ahead of b (voters 1, 4, 5, q = 100/3, price 1/3) and a (voters 2, 3, q = 50, price 1/2).
  // Voter 1 is left with nothing, so in round 2 voters 4 and 5 pay b's 100 alone: q = 50, price
  // 1/2, the same as a at the same cost. b has three supporters to a's two, so b goes first,
  // although a comes first in the file. Round 3 funds a.
  it('reports a tie decided by support', () => {
    const result = equalShares({
      projects: [
        { id: 'a', cost: 100 },
        { id: 'b', cost: 100 },
        { id: 'z', cost: 200 },
      ],
      ballots: [['z', 'b'], ['a'], ['a'], ['b'], ['b'], ['z'], ['z'], ['z']],
      share: rational(50),
      budget: 400,
    });

    expect(result.funded.map((project) => [project.id, project.payment])).toEqual([
      ['z', rational(50)],
      ['b', rational(50)],
      ['a', rational(50)],
    ]);
    expect(result.tieBreaks).toEqual([
      { round: 2, projectIds: ['b', 'a'], decidedBy: 'support', decidedSelection: false },
    ]);
  });

  it('rejects a ballot naming an unknown project', () => {
    expect(() => equalShares({ ...election, ballots: [['p9']], share: rational(1) })).toThrow(
      'ballot 0 names an unknown project: p9',
    );
  });

  it('rejects a ballot naming a project twice', () => {
    expect(() => equalShares({ ...election, ballots: [['p1', 'p1']], share: rational(1) })).toThrow(
      'ballot 0 names a project twice: p1',
    );
  });
});

describe('equalSharesAdd1', () => {
  // Four voters, budget 1,200, so the share starts at 300.
  // Share 300: t (voters 1-3, cost 1,000) is out of reach (900); p (voters 3, 4, cost 500) costs
  //   q = 250, and then t still is. Outcome {p}, 500, and t does not fit in the 700 left.
  // Share 400: t costs q = 1000/3, price 1/3, ahead of p's 1/2. Voter 3 keeps 200/3, so p's
  //   voters hold 200/3 + 400 < 500. Outcome {t}, 1,000.
  // Share 500: t first again, voter 3 keeps 500/3, and p is paid with q = 1000/3 (voter 3 pays
  //   500/3, voter 4 pays 1000/3). Outcome {t, p}, 1,500, over the budget, so share 400 is kept.
  const election: EqualSharesElection = {
    projects: [
      { id: 't', cost: 1_000 },
      { id: 'p', cost: 500 },
    ],
    ballots: [['t'], ['t'], ['t', 'p'], ['p']],
    budget: 1_200,
  };

  it('continues past an outcome where nothing fits', () => {
    const result = equalSharesAdd1(election);

    expect(result.funded.map((project) => project.id)).toEqual(['t']);
    expect(result.unitsAdded).toBe(1);
    expect(result.share).toEqual(rational(400));
    expect(result.spent).toBe(1_000);
    expect(result.nextStep).toEqual({ unitsAdded: 2, spent: 1_500 });
  });

  it('funds only p at the first share', () => {
    const plain = equalShares({ ...election, share: rational(300) });

    expect(plain.funded.map((project) => project.id)).toEqual(['p']);
    expect(plain.funded[0]!.payment).toEqual(rational(250));
  });

  // Two voters, budget 1,000, share 500. Share 500: a (voter 1, cost 600) is out of reach and b
  // (voter 2, cost 400) is funded. Share 600: both cost 1 per unit of value; b goes first on
  // cost, then a, 1,000 in all. Every approved project is funded, so the loop ends there.
  it('stops once every approved project is funded', () => {
    const result = equalSharesAdd1({
      projects: [
        { id: 'a', cost: 600 },
        { id: 'b', cost: 400 },
      ],
      ballots: [['a'], ['b']],
      budget: 1_000,
    });

    expect(result.funded.map((project) => project.id)).toEqual(['b', 'a']);
    expect(result.unitsAdded).toBe(1);
    expect(result.nextStep).toBeNull();
  });

  it('rejects an election without ballots', () => {
    expect(() => equalSharesAdd1({ ...election, ballots: [] })).toThrow(
      'equal shares needs at least one ballot, got none',
    );
  });
});

describe('equalSharesAdd1Comparison', () => {
  // Five voters, budget 500, share 100. m (voters 1-3, cost 500) is out of reach at 100; x
  // (voters 4, 5, cost 200) is funded. At share 200 m (q = 500/3, price 1/3) and then x are
  // funded, 700 in all, so MES keeps {x}. Greedy funds m (3 approvals), and x no longer fits.
  // Voters 1-3 prefer greedy, voters 4 and 5 prefer MES: 3 > 2, so greedy is used.
  it('uses greedy when more voters prefer it', () => {
    const result = equalSharesAdd1Comparison({
      projects: [
        { id: 'm', cost: 500 },
        { id: 'x', cost: 200 },
      ],
      ballots: [['m'], ['m'], ['m'], ['x'], ['x']],
      budget: 500,
    });

    expect(result.equalShares.funded.map((project) => project.id)).toEqual(['x']);
    expect(result.voters).toEqual({ preferEqualShares: 2, preferGreedy: 3, indifferent: 0 });
    expect(result.outcome).toBe('greedy');
    expect(result.selectedIds).toEqual(['m']);
  });

  // Four voters, budget 400, share 100. m (voters 1, 2, cost 400) is out of reach at 100; x and
  // y (one voter each, cost 100) tie at 1 per unit of value and are funded in file order. At
  // share 200 all three are funded, 600 in all, so MES keeps {x, y}. Greedy funds m and nothing
  // else fits. Two voters prefer each outcome, and a tie keeps MES.
  it('keeps MES when preferences are even', () => {
    const result = equalSharesAdd1Comparison({
      projects: [
        { id: 'm', cost: 400 },
        { id: 'x', cost: 100 },
        { id: 'y', cost: 100 },
      ],
      ballots: [['m'], ['m'], ['x'], ['y']],
      budget: 400,
    });

    expect(result.voters).toEqual({ preferEqualShares: 2, preferGreedy: 2, indifferent: 0 });
    expect(result.outcome).toBe('equal-shares');
    expect(result.selectedIds).toEqual(['x', 'y']);
    expect(result.equalShares.tieBreaks).toEqual([
      { round: 1, projectIds: ['x', 'y'], decidedBy: 'file-order', decidedSelection: false },
    ]);
  });
});

/** Plain MES over per-voter balances, evaluating every project every round, as a reference. */
function referenceEqualShares(input: EqualSharesInput): [string, Rational][] {
  const balances = input.ballots.map(() => input.share);
  const left = new Set(input.projects.map((project) => project.id));
  const funded: [string, Rational][] = [];
  for (;;) {
    let best: { id: string; payment: Rational; key: [Rational, number, number, number] } | null =
      null;
    input.projects.forEach((project, index) => {
      const supporters = input.ballots.flatMap((ballot, voter) =>
        left.has(project.id) && ballot.includes(project.id) ? [voter] : [],
      );
      const payment = referencePayment(
        project.cost,
        supporters.map((voter) => balances[voter]!),
      );
      if (!left.has(project.id) || payment === null) {
        return;
      }
      const price =
        project.cost === 0
          ? rational(0)
          : rational(payment.numerator, payment.denominator * BigInt(project.cost));
      const key: [Rational, number, number, number] = [
        price,
        project.cost,
        -supporters.length,
        index,
      ];
      if (best === null || compareKeys(key, best.key) < 0) {
        best = { id: project.id, payment, key };
      }
    });
    if (best === null) {
      return funded;
    }
    const { id, payment } = best;
    input.ballots.forEach((ballot, voter) => {
      if (ballot.includes(id)) {
        const balance = balances[voter]!;
        balances[voter] =
          compareRationals(balance, payment) <= 0
            ? rational(0)
            : subtractRationals(balance, payment);
      }
    });
    left.delete(id);
    funded.push([id, payment]);
  }
}

function referencePayment(cost: number, balances: Rational[]): Rational | null {
  const sorted = [...balances].sort(compareRationals);
  let need = rational(cost);
  for (const [index, balance] of sorted.entries()) {
    const share = rational(need.numerator, need.denominator * BigInt(sorted.length - index));
    if (compareRationals(share, balance) <= 0) {
      return share;
    }
    need = subtractRationals(need, balance);
  }

  return cost === 0 ? rational(0) : null;
}

function compareKeys(a: [Rational, number, number, number], b: [Rational, number, number, number]) {
  return compareRationals(a[0], b[0]) || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

/** A seeded generator, so a failing instance can be rerun. */
function randomInts(seed: number) {
  let state = seed;

  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;

    return Math.floor((state / 2_147_483_648) * below);
  };
}

describe('equalShares against a reference', () => {
  it('matches plain MES on random elections', () => {
    const next = randomInts(7);
    for (let instance = 0; instance < 300; instance += 1) {
      const projects = Array.from({ length: 1 + next(6) }, (_, index) => ({
        id: `p${index}`,
        cost: 1 + next(30),
      }));
      const ballots = Array.from({ length: 1 + next(9) }, () =>
        projects.filter(() => next(2) === 1).map((project) => project.id),
      );
      const input = { projects, ballots, budget: 100, share: rational(1 + next(40), 1 + next(7)) };
      const funded = equalShares(input).funded.map((project) => [project.id, project.payment]);

      expect({ instance, funded }).toEqual({ instance, funded: referenceEqualShares(input) });
    }
  });
});
