import { prepareElection, tieCriterion, type PreparedElection } from './equal-shares.engine';
import type { EqualSharesElection, EqualSharesTieBreak } from './equal-shares';
import { CategoryLedger, type CategoryLimitReason } from './funding-limits';

/** A project funded by sequential Phragmén. */
export type PhragmenFunded = {
  id: string;
  /** 1-based round; one project is funded per round. */
  round: number;
  cost: number;
  /**
   * Load of each supporter after paying, as `numerator / denominator` in minor units: the time at
   * which supporters earning one unit each per unit of time could buy the project together.
   */
  load: { numerator: bigint; denominator: bigint };
  /** Budget not yet spent when the round started, in minor units. */
  budgetLeft: number;
};

/** A project dropped because its cost exceeded the money left or broke a category limit. */
export type PhragmenDropped = {
  id: string;
  /** Round in which it was dropped. */
  round: number;
  budgetLeft: number;
  reason: 'did-not-fit' | CategoryLimitReason;
  /** Category whose limit dropped it, for the category reasons; else null. */
  category: string | null;
};

/** One round of a run, kept to explain the result. */
export type PhragmenRound = {
  /** Funded project index. */
  project: number;
  /** Winning load, the time of the purchase, as `loadNumerator / loadDenominator`. */
  loadNumerator: bigint;
  loadDenominator: bigint;
  budgetLeft: bigint;
  /**
   * Load each project's supporters held together before the round, as numerators over
   * `supporterDenominator`.
   */
  supporterLoads: bigint[];
  supporterDenominator: bigint;
};

/** The outcome of a sequential Phragmén run. */
export type PhragmenResult = {
  funded: PhragmenFunded[];
  dropped: PhragmenDropped[];
  spent: number;
  tieBreaks: EqualSharesTieBreak[];
  /** Per-round state, in funding order, for explanations. */
  rounds: PhragmenRound[];
  election: PreparedElection;
};

/**
 * Loads of all voters as numerators over one common denominator. Voters who supported the
 * same funded projects carry the same load, so one value per group replaces one per voter.
 */
class Loads {
  readonly voterGroup: Int32Array;
  readonly groupNumerator: bigint[] = [0n];
  denominator = 1n;
  private counts = new Int32Array(16);

  constructor(voterCount: number) {
    this.voterGroup = new Int32Array(voterCount);
  }

  /** Returns the total load of `voters`, as a numerator over `denominator`. */
  total(voters: Int32Array): bigint {
    if (this.counts.length < this.groupNumerator.length) {
      this.counts = new Int32Array(this.groupNumerator.length * 2);
    }
    const touched: number[] = [];
    for (const voter of voters) {
      const group = this.voterGroup[voter]!;
      if (this.counts[group] === 0) {
        touched.push(group);
      }
      this.counts[group] = this.counts[group]! + 1;
    }
    let sum = 0n;
    for (const group of touched) {
      sum += this.groupNumerator[group]! * BigInt(this.counts[group]!);
      this.counts[group] = 0;
    }

    return sum;
  }

  /** Sets the load of `voters` to `numerator / denominator`. */
  assign(voters: Int32Array, numerator: bigint, denominator: bigint): void {
    const factor = denominator / gcd(denominator, this.denominator);
    if (factor !== 1n) {
      this.denominator *= factor;
      for (let group = 0; group < this.groupNumerator.length; group += 1) {
        this.groupNumerator[group] = this.groupNumerator[group]! * factor;
      }
    }
    const group = this.groupNumerator.push((numerator * this.denominator) / denominator) - 1;
    for (const voter of voters) {
      this.voterGroup[voter] = group;
    }
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }

  return x;
}

/** Compares `a / b` with `c / d` for positive denominators. */
function compareFractions(a: bigint, b: bigint, c: bigint, d: bigint): number {
  const left = a * d;
  const right = c * b;
  if (left === right) {
    return 0;
  }

  return left < right ? -1 : 1;
}

/**
 * Runs sequential Phragmén for approval ballots in exact arithmetic. Every voter earns money at
 * the same rate. A project can be bought at the time `t` when its supporters' earnings since
 * their last purchase cover its cost: `t = (cost + sum of supporters' loads) / supporters`.
 * Each round funds the project with the lowest `t` among those whose cost fits in the money
 * left, and sets its supporters' loads to `t`. A project whose cost exceeds the money left is
 * dropped, and so is one that would break a category limit in `input.limits`. The run ends when
 * no project remains. Projects without approvals or below the minimum are never funded.
 * Ties follow `input.tieBreak`. Throws a `RangeError` for invalid costs, budget or ballots.
 */
export function sequentialPhragmen(input: EqualSharesElection): PhragmenResult {
  if (!Number.isSafeInteger(input.budget) || input.budget < 0) {
    throw new RangeError(`budget must be a non-negative safe integer, got ${input.budget}`);
  }
  const election = prepareElection(input.projects, input.ballots, input.tieBreak, input.limits);
  const loads = new Loads(election.voterCount);
  const ledger = new CategoryLedger(election.categoryLimits, election.categories);
  const candidates = new Set<number>();
  election.support.forEach((support, project) => {
    if (support > 0 && election.eligible[project] === 1) {
      candidates.add(project);
    }
  });
  let left = BigInt(input.budget);
  const funded: PhragmenFunded[] = [];
  const dropped: PhragmenDropped[] = [];
  const tieBreaks: EqualSharesTieBreak[] = [];
  const rounds: PhragmenRound[] = [];
  const fundedSet = new Set<number>();

  while (candidates.size > 0) {
    const round = funded.length + 1;
    const supporterLoads = election.ids.map((_, project) =>
      fundedSet.has(project) || candidates.has(project)
        ? 0n
        : loads.total(election.supporters[project]!),
    );
    let tied: { project: number; numerator: bigint; supporters: bigint }[] = [];
    for (const project of [...candidates].sort((a, b) => a - b)) {
      const cost = election.costs[project]!;
      const voters = election.supporters[project]!;
      supporterLoads[project] = loads.total(voters);
      const block = cost > left ? null : ledger.blocked(project, cost);
      if (cost > left || block) {
        candidates.delete(project);
        dropped.push({
          id: election.ids[project]!,
          round,
          budgetLeft: Number(left),
          reason: block?.reason ?? 'did-not-fit',
          category: block?.category ?? null,
        });
        continue;
      }
      // t = numerator / (supporters * denominator), with numerator = cost * d + sum of loads.
      const numerator = cost * loads.denominator + supporterLoads[project]!;
      const supporters = BigInt(voters.length);
      const best = tied[0];
      const order = best
        ? compareFractions(numerator, supporters, best.numerator, best.supporters)
        : -1;
      if (order < 0) {
        tied = [{ project, numerator, supporters }];
      } else if (order === 0) {
        tied.push({ project, numerator, supporters });
      }
    }
    if (tied.length === 0) {
      break;
    }
    tied.sort((a, b) => election.priority[a.project]! - election.priority[b.project]!);
    const winner = tied[0]!;
    const voters = election.supporters[winner.project]!;
    const loadDenominator = winner.supporters * loads.denominator;
    rounds.push({
      project: winner.project,
      loadNumerator: winner.numerator,
      loadDenominator,
      budgetLeft: left,
      supporterLoads,
      supporterDenominator: loads.denominator,
    });
    const divisor = gcd(winner.numerator, loadDenominator) || 1n;
    funded.push({
      id: election.ids[winner.project]!,
      round,
      cost: Number(election.costs[winner.project]!),
      load: { numerator: winner.numerator / divisor, denominator: loadDenominator / divisor },
      budgetLeft: Number(left),
    });
    if (tied.length > 1) {
      tieBreaks.push({
        round,
        projectIds: tied.map((entry) => election.ids[entry.project]!),
        decidedBy: tieCriterion(election, tied[0]!.project, tied[1]!.project),
        decidedSelection: false,
      });
    }
    loads.assign(voters, winner.numerator, loadDenominator);
    left -= election.costs[winner.project]!;
    ledger.fund(winner.project, election.costs[winner.project]!);
    candidates.delete(winner.project);
    fundedSet.add(winner.project);
  }
  for (const tieBreak of tieBreaks) {
    tieBreak.decidedSelection = tieBreak.projectIds.some(
      (id) => !fundedSet.has(election.ids.indexOf(id)),
    );
  }

  return {
    funded,
    dropped,
    spent: Number(BigInt(input.budget) - left),
    tieBreaks,
    rounds,
    election,
  };
}
