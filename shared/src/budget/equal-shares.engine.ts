import { CategoryLedger, type CategoryLimit, type FundingLimits } from './funding-limits';
import { compareRationals, rational, type Rational } from './rational';
import {
  compareTied,
  DEFAULT_TIE_BREAK,
  tiePriorities,
  type TieBreakOrder,
  type TieCriterion,
} from './tie-break';

/** Projects and ballots indexed once, so the completion step can rerun MES many times. */
export type PreparedElection = {
  ids: string[];
  costs: bigint[];
  /** Approvals of each project. */
  support: number[];
  /** Voter indexes approving each project. */
  supporters: Int32Array[];
  voterCount: number;
  tieBreak: TieBreakOrder;
  /** Place of each project in the tie-break order; the lower number wins a tie. */
  priority: Int32Array;
  /** 1 for a project that reaches the minimum support, 0 for one that can never be funded. */
  eligible: Uint8Array;
  /** Category field of each project, for category limits. */
  categories: (string | null)[];
  categoryLimits: readonly CategoryLimit[];
  /** True when a minimum or a category limit applies. */
  limited: boolean;
};

/** One round of a run: the funded project and what its supporters paid. */
export type RoundOutcome = {
  project: number;
  payment: Rational;
  supporterMoneyBefore: Rational;
  /** Every project whose price per unit of value equalled the funded one's, funded one first. */
  tied: number[];
};

/** Balances of one project's supporters, as groups of equal balance over one denominator. */
export type SupporterBalances = {
  /** Balance numerators with the number of supporters holding each, by increasing balance. */
  groups: { numerator: bigint; size: number }[];
  denominator: bigint;
};

/**
 * State before one round, or after the last one when `price` is null: the winning price per
 * unit of value and the balances of every unfunded approved project's supporters.
 */
export type RoundSnapshot = {
  price: Rational | null;
  /** Total cost funded before this round, in minor units. */
  spentBefore: bigint;
  supporters: Map<number, SupporterBalances>;
};

type Evaluation = { project: number; payment: Rational; price: Rational };

const ZERO = rational(0);

function requireSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * Indexes projects and ballots. Throws a `RangeError` for a negative or fractional cost, a
 * project id listed twice, or a ballot naming an unknown project or one project twice.
 */
export function prepareElection(
  projects: readonly { id: string; cost: number; category?: string | null }[],
  ballots: readonly (readonly string[])[],
  tieBreak: TieBreakOrder = DEFAULT_TIE_BREAK,
  limits: FundingLimits = {},
): PreparedElection {
  const indexOf = new Map<string, number>();
  projects.forEach((project, index) => {
    requireSafeInteger(project.cost, `cost of project ${project.id}`);
    if (indexOf.has(project.id)) {
      throw new RangeError(`project ${project.id} is listed twice; give each project one entry`);
    }
    indexOf.set(project.id, index);
  });
  const lists: number[][] = projects.map(() => []);
  ballots.forEach((ballot, voter) => {
    const seen = new Set<string>();
    for (const id of ballot) {
      const index = indexOf.get(id);
      if (index === undefined || seen.has(id)) {
        const problem = index === undefined ? 'an unknown project' : 'a project twice';
        throw new RangeError(`ballot ${voter} names ${problem}: ${id}`);
      }
      seen.add(id);
      lists[index]!.push(voter);
    }
  });

  const support = lists.map((list) => list.length);
  const keys = projects.map((project, position) => ({
    cost: project.cost,
    votes: support[position]!,
    support: support[position]!,
    position,
  }));

  return {
    ids: projects.map((project) => project.id),
    costs: projects.map((project) => BigInt(project.cost)),
    support,
    supporters: lists.map((list) => Int32Array.from(list)),
    voterCount: ballots.length,
    tieBreak,
    priority: tiePriorities(tieBreak, keys),
    ...electionLimits(projects, support, limits),
  };
}

function electionLimits(
  projects: readonly { category?: string | null }[],
  support: number[],
  limits: FundingLimits,
) {
  const minSupport = limits.minSupport ?? 0;
  const categories = projects.map((project) => project.category ?? null);
  const categoryLimits = limits.categoryLimits ?? [];

  return {
    eligible: Uint8Array.from(support, (value) => (value >= minSupport ? 1 : 0)),
    categories,
    categoryLimits,
    limited: minSupport > 0 || new CategoryLedger(categoryLimits, categories).active,
  };
}

function smallGcd(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) {
    [x, y] = [y, x % y];
  }

  return x;
}

/** Returns the tie-break criterion that placed project `first` before project `second`. */
export function tieCriterion(
  election: PreparedElection,
  first: number,
  second: number,
): TieCriterion {
  const key = (project: number) => ({
    cost: election.costs[project]!,
    votes: election.support[project]!,
    support: election.support[project]!,
    position: project,
  });

  return compareTied(election.tieBreak, key(first), key(second)).decidedBy ?? 'file-order';
}

/**
 * Voters grouped by payment history. Voters who approved the same funded projects paid the same
 * amounts from the same share, so they hold the same balance, and one number per group replaces
 * one per voter. Every balance is `groupNumerator[group] / denominator`: one common denominator,
 * raised when a payment needs it, keeps evaluation to integer arithmetic.
 */
class Balances {
  readonly voterGroup: Int32Array;
  readonly groupNumerator: bigint[];
  denominator: bigint;
  private zeroGroup = -1;
  private groupCount: Int32Array;
  /** Group each group moves to in the current payment, plus one; 0 when not yet known. */
  private nextGroup = new Int32Array(16);

  constructor(voterCount: number, share: Rational) {
    this.voterGroup = new Int32Array(voterCount);
    this.groupNumerator = [share.numerator];
    this.denominator = share.denominator;
    this.groupCount = new Int32Array(16);
  }

  /** Returns the groups among `voters` with their sizes, by increasing balance. */
  groupsOf(voters: Int32Array): { group: number; size: number }[] {
    if (this.groupCount.length < this.groupNumerator.length) {
      this.groupCount = new Int32Array(this.groupNumerator.length * 2);
    }
    const touched: number[] = [];
    for (const voter of voters) {
      const group = this.voterGroup[voter]!;
      if (this.groupCount[group] === 0) {
        touched.push(group);
      }
      this.groupCount[group] = this.groupCount[group]! + 1;
    }
    const groups = touched.map((group) => ({ group, size: this.groupCount[group]! }));
    for (const group of touched) {
      this.groupCount[group] = 0;
    }
    const numerators = this.groupNumerator;

    return groups.sort((a, b) => {
      const [left, right] = [numerators[a.group]!, numerators[b.group]!];
      if (left === right) {
        return 0;
      }

      return left < right ? -1 : 1;
    });
  }

  /** Returns the money `voters` hold together. */
  total(voters: Int32Array): Rational {
    const sum = this.groupsOf(voters).reduce(
      (total, { group, size }) => total + this.groupNumerator[group]! * BigInt(size),
      0n,
    );

    return rational(sum, this.denominator);
  }

  /** Takes `min(balance, payment)` from each voter in `voters`. */
  pay(voters: Int32Array, payment: Rational): void {
    this.rescaleFor(payment);
    const owed = (payment.numerator * this.denominator) / payment.denominator;
    // Typed arrays instead of a map, because this loop runs once per supporter per round.
    if (this.nextGroup.length < this.groupNumerator.length) {
      this.nextGroup = new Int32Array(this.groupNumerator.length * 2);
    }
    const touched: number[] = [];
    for (const voter of voters) {
      const group = this.voterGroup[voter]!;
      let target = this.nextGroup[group]! - 1;
      if (target === -1) {
        target = this.groupAfterPaying(group, owed);
        this.nextGroup[group] = target + 1;
        touched.push(group);
      }
      this.voterGroup[voter] = target;
    }
    for (const group of touched) {
      this.nextGroup[group] = 0;
    }
  }

  /** Raises the common denominator so that `payment` is a whole number of its units. */
  private rescaleFor(payment: Rational): void {
    let lcmFactor: bigint;
    if (payment.denominator % this.denominator === 0n) {
      // Payments from `evaluate` are need / (denominator * r) with a small voter count r, so
      // the factor is r / gcd(need, r), found with one BigInt remainder and a small gcd.
      const count = payment.denominator / this.denominator;
      const common = smallGcd(Number(payment.numerator % count), Number(count));
      lcmFactor = count / BigInt(common);
    } else {
      lcmFactor = rational(payment.denominator, this.denominator).numerator;
    }
    if (lcmFactor === 1n) {
      return;
    }
    this.denominator *= lcmFactor;
    for (let group = 0; group < this.groupNumerator.length; group += 1) {
      this.groupNumerator[group] = this.groupNumerator[group]! * lcmFactor;
    }
  }

  private groupAfterPaying(group: number, owed: bigint): number {
    const balance = this.groupNumerator[group]!;
    if (balance <= owed) {
      if (this.zeroGroup === -1) {
        this.zeroGroup = this.groupNumerator.push(0n) - 1;
      }

      return this.zeroGroup;
    }

    return this.groupNumerator.push(balance - owed) - 1;
  }
}

/**
 * Finds the smallest `q` at which the supporters of `project`, each paying `min(balance, q)`,
 * cover its cost, or returns null when their balances together fall short. The payment and
 * price are left unreduced, which comparisons allow, because reducing costs more than the run.
 */
function evaluate(
  election: PreparedElection,
  balances: Balances,
  project: number,
): Evaluation | null {
  const cost = election.costs[project]!;
  if (cost === 0n) {
    return { project, payment: ZERO, price: ZERO };
  }
  const voters = election.supporters[project]!;
  let need = cost * balances.denominator;
  let remaining = BigInt(voters.length);
  for (const { group, size } of balances.groupsOf(voters)) {
    const balance = balances.groupNumerator[group]!;
    // The voters left can all pay q = need / remaining when none of them has less.
    if (need <= balance * remaining) {
      const denominator = balances.denominator * remaining;
      const payment = { numerator: need, denominator };

      return { project, payment, price: { numerator: need, denominator: denominator * cost } };
    }
    need -= balance * BigInt(size);
    remaining -= BigInt(size);
  }

  return null;
}

/** Orders two evaluations: lower price, then the election's tie-break order. */
function compareEvaluations(election: PreparedElection, a: Evaluation, b: Evaluation): number {
  const byPrice = compareRationals(a.price, b.price);
  if (byPrice !== 0) {
    return byPrice;
  }

  return election.priority[a.project]! - election.priority[b.project]!;
}

/**
 * Runs one round: evaluates candidates in order of their last known price, which can only rise
 * because balances only fall, and stops once the next last-known price exceeds the best price
 * found. Drops projects their supporters can no longer afford, as that also cannot change.
 */
function playRound(
  election: PreparedElection,
  balances: Balances,
  candidates: Set<number>,
  lowerBound: (Rational | null)[],
): Evaluation[] {
  const order = [...candidates].sort((a, b) => {
    const [left, right] = [lowerBound[a] ?? null, lowerBound[b] ?? null];
    // A project not evaluated yet has no bound and goes first.
    if (left === null && right === null) {
      return a - b;
    }
    if (left === null || right === null) {
      return left === null ? -1 : 1;
    }

    return compareRationals(left, right) || a - b;
  });
  const evaluated: Evaluation[] = [];
  let best: Evaluation | null = null;
  for (const project of order) {
    const bound = lowerBound[project] ?? null;
    if (best && bound !== null && compareRationals(bound, best.price) > 0) {
      break;
    }
    const evaluation = evaluate(election, balances, project);
    if (evaluation === null) {
      candidates.delete(project);
      continue;
    }
    lowerBound[project] = evaluation.price;
    evaluated.push(evaluation);
    if (best === null || compareEvaluations(election, evaluation, best) < 0) {
      best = evaluation;
    }
  }

  return evaluated
    .filter((evaluation) => compareRationals(evaluation.price, best!.price) === 0)
    .sort((a, b) => compareEvaluations(election, a, b));
}

/**
 * Runs the Method of Equal Shares with cost utilities from a per-voter `share`, returning one
 * entry per round in funding order. When `snapshots` is given, it receives the state before
 * every round and after the last, which explanations need and plain runs skip. With `detail`
 * off, payments stay unreduced and `supporterMoneyBefore` is zero, which saves the gcd and sum
 * work of runs whose rounds are only needed for their projects.
 */
export function runEqualShares(
  election: PreparedElection,
  share: Rational,
  snapshots?: RoundSnapshot[],
  detail = true,
): RoundOutcome[] {
  const balances = new Balances(election.voterCount, share);
  const ledger = new CategoryLedger(election.categoryLimits, election.categories);
  const capped = ledger.active;
  const candidates = new Set(
    election.ids
      .map((_, index) => index)
      .filter(
        (index) => election.eligible[index] === 1 && !ledger.blocked(index, election.costs[index]!),
      ),
  );
  const lowerBound: (Rational | null)[] = election.ids.map(() => null);
  const rounds: RoundOutcome[] = [];
  const funded = new Set<number>();
  let spent = 0n;
  const snapshot = (price: Rational | null) =>
    snapshots?.push({
      price,
      spentBefore: spent,
      supporters: supporterBalances(election, balances, funded),
    });
  while (candidates.size > 0) {
    const tied = playRound(election, balances, candidates, lowerBound);
    const winner = tied[0];
    if (winner === undefined) {
      break;
    }
    snapshot(winner.price);
    funded.add(winner.project);
    spent += election.costs[winner.project]!;
    const voters = election.supporters[winner.project]!;
    rounds.push({
      project: winner.project,
      payment: detail
        ? rational(winner.payment.numerator, winner.payment.denominator)
        : winner.payment,
      supporterMoneyBefore: detail ? balances.total(voters) : ZERO,
      tied: tied.map((evaluation) => evaluation.project),
    });
    balances.pay(voters, winner.payment);
    candidates.delete(winner.project);
    if (capped) {
      ledger.fund(winner.project, election.costs[winner.project]!);
      // A category cap only shrinks, so a project it blocks now stays out for good.
      for (const project of candidates) {
        if (ledger.blocked(project, election.costs[project]!)) {
          candidates.delete(project);
        }
      }
    }
  }
  snapshot(null);

  return rounds;
}

function supporterBalances(
  election: PreparedElection,
  balances: Balances,
  funded: ReadonlySet<number>,
): Map<number, SupporterBalances> {
  const result = new Map<number, SupporterBalances>();
  election.supporters.forEach((voters, project) => {
    if (voters.length === 0 || funded.has(project)) {
      return;
    }
    const groups = balances.groupsOf(voters).map(({ group, size }) => ({
      numerator: balances.groupNumerator[group]!,
      size,
    }));
    result.set(project, { groups, denominator: balances.denominator });
  });

  return result;
}
