import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  equalSharesAdd1Comparison,
  prepareElection,
  rational,
  runEqualShares,
  runEqualSharesFiltered,
  type EqualSharesElection,
} from '@ratusz/shared';
import { parsePabulib } from '../../src/modules/budget/pabulib.parser';
import { dataFile, hasData } from '../support/data';

const WIELICZKA = 'Poland_Wieliczka_2023_Green_Budget.pb';

function readElection(name: string) {
  const file = parsePabulib(name, fs.readFileSync(dataFile('pabulib', name)));
  const election: EqualSharesElection = {
    projects: file.projects.map((project) => ({ id: project.code, cost: project.cost })),
    ballots: file.votes.map((vote) => vote.projectCodes),
    budget: file.budget,
  };

  return { file, election };
}

describe.skipIf(!hasData)('equalshares/add1-comparison on Wieliczka 2023', () => {
  const { file, election } = hasData ? readElection(WIELICZKA) : { file: null, election: null };
  const result = election ? equalSharesAdd1Comparison(election) : null;

  it('reproduces the published selection', () => {
    const published = file!.projects.filter((project) => project.selected).map((p) => p.code);

    expect(result!.outcome).toBe('equal-shares');
    expect([...result!.selectedIds].sort()).toEqual([...published].sort());
  });

  it('ends at share B/n + 164', () => {
    const voters = BigInt(election!.ballots.length);
    const share = rational(BigInt(election!.budget) + 164n * 100n * voters, voters);

    expect(result!.equalShares.unitsAdded).toBe(164);
    expect(result!.equalShares.share).toEqual(share);
  });

  it('spends 995,079 of 1,000,000 on 30 projects', () => {
    expect(result!.equalShares.funded).toHaveLength(30);
    expect(result!.equalShares.spent).toBe(995_079 * 100);
    expect(election!.budget).toBe(1_000_000 * 100);
  });

  it('stops before a share spending 1,045,079', () => {
    expect(result!.equalShares.nextStep).toEqual({ unitsAdded: 165, spent: 1_045_079 * 100 });
  });

  it('needs no tie-break', () => {
    expect(result!.equalShares.tieBreaks).toEqual([]);
  });

  it('counts voter preferences against greedy', () => {
    expect(result!.voters).toEqual({
      preferEqualShares: 1_615,
      preferGreedy: 873,
      indifferent: 4_098,
    });
  });

  it('interval runs match exact runs at every step', () => {
    const prepared = prepareElection(election!.projects, election!.ballots);
    const voters = BigInt(election!.ballots.length);
    for (let units = 0n; units <= 165n; units += 1n) {
      const share = rational(BigInt(election!.budget) + units * 100n * voters, voters);
      const exact = runEqualShares(prepared, share).map((round) => round.project);

      expect({ units, funded: runEqualSharesFiltered(prepared, share) }).toEqual({
        units,
        funded: exact,
      });
    }
  });
});
