import { describe, expect, it } from 'vitest';
import { prepareElection, runEqualShares } from './equal-shares.engine';
import { runEqualSharesFiltered } from './equal-shares.filter';
import { rational } from './rational';

/** A seeded generator, so a failing instance can be rerun. */
function randomInts(seed: number) {
  let state = seed;

  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;

    return Math.floor((state / 2_147_483_648) * below);
  };
}

describe('runEqualSharesFiltered', () => {
  it('matches the exact engine or defers to it', () => {
    const next = randomInts(23);
    let settled = 0;
    for (let instance = 0; instance < 600; instance += 1) {
      // Small costs and shares make exact ties common, which the intervals must not settle.
      const projects = Array.from({ length: 1 + next(8) }, (_, index) => ({
        id: `p${index}`,
        cost: next(4) === 0 ? next(5) : 1 + next(10_000),
      }));
      const ballots = Array.from({ length: 1 + next(40) }, () =>
        projects.filter(() => next(3) === 0).map((project) => project.id),
      );
      const election = prepareElection(projects, ballots);
      const share = rational(1 + next(2_000), 1 + next(9));
      const exact = runEqualShares(election, share).map((round) => round.project);
      const filtered = runEqualSharesFiltered(election, share);
      if (filtered !== null) {
        settled += 1;

        expect({ instance, funded: filtered }).toEqual({ instance, funded: exact });
      }
    }

    expect(settled).toBeGreaterThan(300);
  });

  it('matches the exact engine under limits', () => {
    const next = randomInts(41);
    let settled = 0;
    for (let instance = 0; instance < 400; instance += 1) {
      const projects = Array.from({ length: 1 + next(8) }, (_, index) => ({
        id: `p${index}`,
        cost: 1 + next(10_000),
        category: ['A', 'B', 'A,B', null][next(4)]!,
      }));
      const ballots = Array.from({ length: 1 + next(40) }, () =>
        projects.filter(() => next(3) === 0).map((project) => project.id),
      );
      const limits = {
        minSupport: next(4),
        categoryLimits: [
          { category: 'A', maxCost: 1 + next(15_000), maxProjects: null },
          { category: 'B', maxCost: null, maxProjects: next(3) },
        ],
      };
      const election = prepareElection(projects, ballots, undefined, limits);
      const share = rational(1 + next(2_000), 1 + next(9));
      const exact = runEqualShares(election, share).map((round) => round.project);
      const filtered = runEqualSharesFiltered(election, share);
      if (filtered !== null) {
        settled += 1;

        expect({ instance, funded: filtered }).toEqual({ instance, funded: exact });
      }
    }

    expect(settled).toBeGreaterThan(200);
  });

  it('defers an exact tie to the exact engine', () => {
    // Both projects cost 1 per unit of value for their single supporter.
    const election = prepareElection(
      [
        { id: 'a', cost: 50 },
        { id: 'b', cost: 50 },
      ],
      [['a'], ['b']],
    );

    expect(runEqualSharesFiltered(election, rational(50))).toBeNull();
  });

  it('defers supporters holding exactly the cost', () => {
    // Three voters with 100/3 each hold exactly 100 together.
    const election = prepareElection([{ id: 'a', cost: 100 }], [['a'], ['a'], ['a']]);

    expect(runEqualSharesFiltered(election, rational(100, 3))).toBeNull();
    expect(runEqualShares(election, rational(100, 3)).map((round) => round.project)).toEqual([0]);
  });
});
