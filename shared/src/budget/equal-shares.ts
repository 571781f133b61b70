import {
  prepareElection,
  runEqualShares,
  tieCriterion,
  type PreparedElection,
  type RoundOutcome,
  type RoundSnapshot,
} from './equal-shares.engine';
import { runEqualSharesFiltered } from './equal-shares.filter';
import { CategoryLedger, type FundingLimits } from './funding-limits';
import { rational, subtractRationals, type Rational } from './rational';
import { selectProjects, type SelectionResult } from './select';
import { DEFAULT_TIE_BREAK, type TieBreakOrder, type TieCriterion } from './tie-break';

/** A project in a Method of Equal Shares count. Cost in minor units (1/100 of the currency). */
export type EqualSharesProject = { id: string; cost: number; category?: string | null };

/**
 * Approval ballots over projects listed in file order; the position in `projects` is the last
 * tie-break. Each ballot lists the ids of the projects one voter approves.
 */
export type EqualSharesElection = {
  projects: readonly EqualSharesProject[];
  ballots: readonly (readonly string[])[];
  /** The real budget in minor units. */
  budget: number;
  /** Order of projects with equal price per unit of value; `lower-cost-first` when absent. */
  tieBreak?: TieBreakOrder;
  /**
   * Minimum approvals and category caps. A project below the minimum is never a candidate, and
   * one that a category cap blocks leaves the candidates for the rest of the run.
   */
  limits?: FundingLimits;
};

/** Input of one MES run: the election and the share every voter starts with. */
export type EqualSharesInput = EqualSharesElection & {
  /** Per-voter share in minor units, exact; plain MES uses `budget / ballots.length`. */
  share: Rational;
};

/** A project funded by MES. */
export type EqualSharesFunded = {
  id: string;
  /** 1-based round; MES funds one project per round. */
  round: number;
  cost: number;
  /** Maximum payment `q` per supporter; a supporter holding less pays their whole balance. */
  payment: Rational;
  /** Money its supporters held together before paying for it, in minor units. */
  supporterMoneyBefore: Rational;
  /** Money its supporters held together after paying for it, in minor units. */
  supporterMoneyAfter: Rational;
};

/** Projects with the same price per unit of value in one round, ordered by the tie-break. */
export type EqualSharesTieBreak = {
  round: number;
  /** The project funded in that round, then the others it tied with, in tie-break order. */
  projectIds: string[];
  /** Criterion that ordered the funded project before the second one. */
  decidedBy: TieCriterion;
  /** True when a project of the tie was never funded, so the tie-break changed the outcome. */
  decidedSelection: boolean;
};

/** The outcome of one MES run. */
export type EqualSharesResult = {
  share: Rational;
  /** Funded projects in funding order. */
  funded: EqualSharesFunded[];
  /** Total cost of the funded projects, in minor units. */
  spent: number;
  tieBreaks: EqualSharesTieBreak[];
};

/** The outcome of MES with the add1 completion. */
export type EqualSharesAdd1Result = EqualSharesResult & {
  /** Currency units (100 minor units each) added to `budget / n` to reach the final share. */
  unitsAdded: number;
  /** The first share that spent more than the budget, or null when the loop ran out of projects. */
  nextStep: { unitsAdded: number; spent: number } | null;
};

/** Voters' preferences between two outcomes, by the number of approved projects each funds. */
export type VoterComparison = {
  preferEqualShares: number;
  preferGreedy: number;
  indifferent: number;
};

/** The outcome of `equalshares/add1-comparison`. */
export type EqualSharesComparisonResult = {
  /** Outcome used: greedy only when strictly more voters prefer it. */
  outcome: 'equal-shares' | 'greedy';
  /** Funded project ids of the outcome used, in its funding order. */
  selectedIds: string[];
  equalShares: EqualSharesAdd1Result;
  greedy: SelectionResult;
  voters: VoterComparison;
};

/** Minor units in one currency unit, the step of the add1 completion. */
const UNIT = 100n;

function requireBudget(budget: number): void {
  if (!Number.isSafeInteger(budget) || budget < 0) {
    throw new RangeError(`budget must be a non-negative safe integer, got ${budget}`);
  }
}

function toResult(
  election: PreparedElection,
  share: Rational,
  rounds: RoundOutcome[],
): EqualSharesResult {
  const fundedSet = new Set(rounds.map((round) => round.project));
  const funded = rounds.map((round, index): EqualSharesFunded => {
    const cost = rational(election.costs[round.project]!);

    return {
      id: election.ids[round.project]!,
      round: index + 1,
      cost: Number(cost.numerator),
      payment: round.payment,
      supporterMoneyBefore: round.supporterMoneyBefore,
      supporterMoneyAfter: subtractRationals(round.supporterMoneyBefore, cost),
    };
  });
  const tieBreaks = rounds.flatMap((round, index): EqualSharesTieBreak[] =>
    round.tied.length < 2
      ? []
      : [
          {
            round: index + 1,
            projectIds: round.tied.map((project) => election.ids[project]!),
            decidedBy: tieCriterion(election, round.tied[0]!, round.tied[1]!),
            decidedSelection: round.tied.some((project) => !fundedSet.has(project)),
          },
        ],
  );
  const spent = funded.reduce((sum, project) => sum + project.cost, 0);

  return { share, funded, spent, tieBreaks };
}

/**
 * Runs the Method of Equal Shares for approval ballots with cost utilities, in exact rational
 * arithmetic. Every voter starts with `share`. Each round funds the project whose supporters can
 * cover its cost at the lowest price per unit of value `q / cost`, where each supporter pays
 * `min(balance, q)`. Ties follow `input.tieBreak` (by default the lower cost, then the higher
 * support, then the earlier project in `projects`) and are listed in `tieBreaks`. Stops when no project can be paid for.
 * Throws a `RangeError` for invalid costs, budget or ballots.
 */
export function equalShares(input: EqualSharesInput): EqualSharesResult {
  requireBudget(input.budget);
  if (input.share.denominator <= 0n || input.share.numerator < 0n) {
    throw new RangeError(
      `share must be a non-negative rational with a positive denominator, got ${input.share.numerator}/${input.share.denominator}`,
    );
  }
  const election = prepareElection(input.projects, input.ballots, input.tieBreak, input.limits);

  return toResult(election, input.share, runEqualShares(election, input.share));
}

/**
 * Reruns MES at `input.share` and returns the state before every round and after the last, by
 * project index in `input.projects`, for explanations.
 */
export function equalSharesSnapshots(input: EqualSharesInput): RoundSnapshot[] {
  const snapshots: RoundSnapshot[] = [];
  runEqualShares(
    prepareElection(input.projects, input.ballots, input.tieBreak, input.limits),
    input.share,
    snapshots,
  );

  return snapshots;
}

/**
 * Returns the projects MES funds at `share`, in funding order: from the interval run when it
 * settles every decision, otherwise from the exact engine.
 */
function fundedProjects(election: PreparedElection, share: Rational): number[] {
  return (
    runEqualSharesFiltered(election, share) ??
    runEqualShares(election, share, undefined, false).map((round) => round.project)
  );
}

/**
 * Returns an upper bound on the cost of any outcome: the projects outside capped categories
 * plus, per capped category, the smaller of its cap and the cost of its projects.
 */
function maxSpend(election: PreparedElection): bigint {
  const ledger = new CategoryLedger(election.categoryLimits, election.categories);
  const perLimit = Array.from({ length: ledger.size }, () => 0n);
  let spend = 0n;
  election.costs.forEach((cost, project) => {
    if (election.eligible[project] !== 1 || election.support[project] === 0) {
      return;
    }
    const capped = ledger
      .limitIndexes(project)
      .filter((index) => ledger.limit(index).maxCost !== null);
    if (capped.length === 0) {
      spend += cost;
    }
    for (const index of capped) {
      perLimit[index] = perLimit[index]! + cost;
    }
  });
  perLimit.forEach((cost, index) => {
    const cap = BigInt(ledger.limit(index).maxCost ?? 0);
    spend += cost < cap ? cost : cap;
  });

  return spend;
}

/**
 * Runs MES with the add1 completion: the per-voter share starts at `budget / n` and rises by one
 * currency unit (100 minor units) per step. Returns the outcome of the last share before the
 * first one that spends more than `budget`. It does not stop early at an outcome where no further
 * project fits, since a higher share can still change the outcome. The loop also ends once every
 * approved project is funded, as higher shares cannot fund more.
 *
 * Each step runs MES in double-precision interval arithmetic, which settles a run's choices for
 * certain unless two prices are equal or nearly so. Such runs fall back to the exact engine.
 *
 * NOTE: each step is a full MES run. Once the share reaches the total cost of all projects,
 * every approved project is funded, so the loop ends within that many currency units of steps.
 * A small electorate with a costly project approved by few voters can still need many steps.
 * Throws a `RangeError` for invalid costs, budget or ballots, or for no ballots.
 */
export function equalSharesAdd1(input: EqualSharesElection): EqualSharesAdd1Result {
  requireBudget(input.budget);
  const voters = BigInt(input.ballots.length);
  if (voters === 0n) {
    throw new RangeError('equal shares needs at least one ballot, got none');
  }
  const election = prepareElection(input.projects, input.ballots, input.tieBreak, input.limits);
  const approved = election.support.filter(
    (support, project) => support > 0 && election.eligible[project] === 1,
  ).length;
  const budget = BigInt(input.budget);
  const shareAt = (units: bigint) => rational(budget + units * UNIT * voters, voters);
  // From a share of the total cost on, no voter's balance ever limits a payment, so every
  // project's price is 1 / its approvals and higher shares give the same outcome. Only a minimum
  // or a category cap can leave an approved project unfunded at such a share.
  const totalCost = election.costs.reduce((sum, cost) => sum + cost, 0n);
  const settledUnits = totalCost / UNIT + 1n;

  // When the minimum and the category caps keep every possible outcome within the budget, no
  // step overspends. The loop then ends only once every project it can fund is funded, or at
  // the settled share, and both give the same funded set, so it starts at the settled share.
  // NOTE: `unitsAdded` then reports the settled share, not the first share that funds them all.
  let units = election.limited && maxSpend(election) <= budget ? settledUnits : 0n;
  let funded = fundedProjects(election, shareAt(units));
  let nextStep: EqualSharesAdd1Result['nextStep'] = null;
  const fundedApproved = (projects: number[]) =>
    projects.filter((project) => election.support[project]! > 0).length;
  while (fundedApproved(funded) < approved && units < settledUnits) {
    const next = fundedProjects(election, shareAt(units + 1n));
    const spent = next.reduce((sum, project) => sum + election.costs[project]!, 0n);
    if (spent > budget) {
      nextStep = { unitsAdded: Number(units + 1n), spent: Number(spent) };
      break;
    }
    units += 1n;
    funded = next;
  }
  // The loop skipped the per-round figures; one more run at the final share computes them.
  const rounds = runEqualShares(election, shareAt(units));

  return {
    ...toResult(election, shareAt(units), rounds),
    unitsAdded: Number(units),
    nextStep,
  };
}

/**
 * Counts, voter by voter, whether the MES outcome or the greedy one funds more of the projects
 * the voter approved.
 */
function compareVoters(
  ballots: readonly (readonly string[])[],
  equalSharesIds: ReadonlySet<string>,
  greedyIds: ReadonlySet<string>,
): VoterComparison {
  const counts: VoterComparison = { preferEqualShares: 0, preferGreedy: 0, indifferent: 0 };
  for (const ballot of ballots) {
    const fromEqualShares = ballot.filter((id) => equalSharesIds.has(id)).length;
    const fromGreedy = ballot.filter((id) => greedyIds.has(id)).length;
    if (fromEqualShares > fromGreedy) {
      counts.preferEqualShares += 1;
    } else if (fromGreedy > fromEqualShares) {
      counts.preferGreedy += 1;
    } else {
      counts.indifferent += 1;
    }
  }

  return counts;
}

/**
 * Runs `equalshares/add1-comparison`: MES with the add1 completion, then the `greedy` rule by
 * number of approvals. Each voter prefers the outcome funding more of the projects they approved.
 * Greedy is used only when strictly more voters prefer it, otherwise the MES outcome is.
 */
export function equalSharesAdd1Comparison(input: EqualSharesElection): EqualSharesComparisonResult {
  const equalSharesResult = equalSharesAdd1(input);
  const support = new Map(input.projects.map((project) => [project.id, 0]));
  for (const ballot of input.ballots) {
    for (const id of ballot) {
      support.set(id, support.get(id)! + 1);
    }
  }
  const greedy = selectProjects(
    input.projects.map((project) => ({ ...project, support: support.get(project.id)! })),
    'greedy',
    input.budget,
    {
      tieBreak: input.tieBreak ?? DEFAULT_TIE_BREAK,
      minProjectScore: input.limits?.minSupport,
      categoryLimits: input.limits?.categoryLimits,
    },
  );
  const greedyIds = greedy.projects.filter((project) => project.selected).map((p) => p.id);
  const equalSharesIds = equalSharesResult.funded.map((project) => project.id);
  const voters = compareVoters(input.ballots, new Set(equalSharesIds), new Set(greedyIds));
  const outcome = voters.preferGreedy > voters.preferEqualShares ? 'greedy' : 'equal-shares';

  return {
    outcome,
    selectedIds: outcome === 'greedy' ? greedyIds : equalSharesIds,
    equalShares: equalSharesResult,
    greedy,
    voters,
  };
}
