import { CategoryLedger, type CategoryLimit, type CategoryLimitReason } from './funding-limits';
import { compareTied, DEFAULT_TIE_BREAK, type TieBreakOrder, type TieCriterion } from './tie-break';

/** A project as the selection rules see it. Money in minor units, all values integers. */
export type SelectionInput = {
  id: string;
  cost: number;
  /** Number of approvals (approval, choose-1) or score, the sum of points (cumulative, ordinal). */
  support: number;
  /** Ballots naming the project, for the `more-votes-first` tie-break; defaults to `support`. */
  votes?: number;
  /** Category field, with several categories separated by commas, which category limits read. */
  category?: string | null;
};

/** The rules `selectProjects` runs. */
export type GreedyRuleName = 'greedy' | 'greedy-no-skip' | 'greedy-threshold';

/** Settings of a rule beyond the budget. */
export type SelectionOptions = {
  /**
   * Support a project needs to be funded, under every greedy rule (META
   * `min_project_score_threshold`).
   */
  minProjectScore?: number | null;
  /** Caps on the cost and number of funded projects per category. */
  categoryLimits?: readonly CategoryLimit[];
  /** Order of projects with equal support; `lower-cost-first` when absent. */
  tieBreak?: TieBreakOrder;
};

/** Reason a project was or was not funded. */
export type SelectionReason =
  'funded' | 'does-not-fit' | 'below-threshold' | 'after-stop' | CategoryLimitReason;

/** The outcome for one project. */
export type ProjectSelection = {
  id: string;
  /** 1-based position in the rule's order. */
  rank: number;
  selected: boolean;
  reason: SelectionReason;
  /** Budget not yet spent when this project's turn came, in minor units. */
  budgetLeft: number;
  /** Category whose limit kept the project out, for the two category reasons; else null. */
  category: string | null;
};

/** Two projects of equal support whose order was set by a tie-break. */
export type TieBreak = {
  /** The project placed first, then the one placed second. */
  projectIds: [string, string];
  decidedBy: TieCriterion;
  /** True when exactly one of the two was funded, so the tie-break changed the outcome. */
  decidedSelection: boolean;
};

/** The outcome of a rule over all projects. */
export type SelectionResult = {
  /** Every project, in rank order. */
  projects: ProjectSelection[];
  spent: number;
  tieBreaks: TieBreak[];
};

function requireSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

function tieKey(projects: readonly SelectionInput[], index: number) {
  const project = projects[index]!;

  return { ...project, votes: project.votes ?? project.support, position: index };
}

/** Orders by support descending, then by the tie-break order. */
export function rankOrder(
  projects: readonly SelectionInput[],
  tieBreak: TieBreakOrder = DEFAULT_TIE_BREAK,
): number[] {
  const indexes = projects.map((_, index) => index);

  return indexes.sort((a, b) => {
    const bySupport = projects[b]!.support - projects[a]!.support;

    return bySupport || compareTied(tieBreak, tieKey(projects, a), tieKey(projects, b)).sign;
  });
}

function tieBreaksOf(
  projects: readonly SelectionInput[],
  order: number[],
  selections: ProjectSelection[],
  tieBreak: TieBreakOrder,
): TieBreak[] {
  const tieBreaks: TieBreak[] = [];
  for (let rank = 1; rank < order.length; rank += 1) {
    const first = projects[order[rank - 1]!]!;
    const second = projects[order[rank]!]!;
    if (first.support !== second.support) {
      continue;
    }
    tieBreaks.push({
      projectIds: [first.id, second.id],
      decidedBy: compareTied(
        tieBreak,
        tieKey(projects, order[rank - 1]!),
        tieKey(projects, order[rank]!),
      ).decidedBy!,
      decidedSelection: selections[rank - 1]!.selected !== selections[rank]!.selected,
    });
  }

  return tieBreaks;
}

/**
 * Picks the funded projects with a greedy rule, in exact integer arithmetic.
 *
 * - `greedy` takes projects by decreasing support and funds each one that fits in what is left
 *   of the budget, skipping those that do not.
 * - `greedy-no-skip` stops at the first project that does not fit.
 * - `greedy-threshold` is `greedy` under the name pabulib gives it when a threshold is set.
 *
 * Every rule skips a project whose support is below `options.minProjectScore` and one that
 * would break a limit in `options.categoryLimits`. Neither skip stops `greedy-no-skip`, which
 * stops only at a project that does not fit in what is left of the whole budget.
 *
 * Equal support is ordered by `options.tieBreak` (lower cost, then position in `projects`, by
 * default); every tie that set an order is returned in `tieBreaks`. Throws a `RangeError` for a cost, support or
 * budget that is not a non-negative safe integer.
 */
export function selectProjects(
  projects: readonly SelectionInput[],
  rule: GreedyRuleName,
  budget: number,
  options: SelectionOptions = {},
): SelectionResult {
  requireSafeInteger(budget, 'budget');
  for (const project of projects) {
    requireSafeInteger(project.cost, `cost of project ${project.id}`);
    requireSafeInteger(project.support, `support of project ${project.id}`);
  }
  const threshold = options.minProjectScore ?? 0;
  const tieBreak = options.tieBreak ?? DEFAULT_TIE_BREAK;
  const order = rankOrder(projects, tieBreak);
  const ledger = new CategoryLedger(
    options.categoryLimits,
    projects.map((project) => project.category),
  );

  let left = budget;
  let stopped = false;
  const selections = order.map((index, position): ProjectSelection => {
    const project = projects[index]!;
    const base = { id: project.id, rank: position + 1, budgetLeft: left, category: null };
    if (stopped) {
      return { ...base, selected: false, reason: 'after-stop' };
    }
    if (project.support < threshold) {
      return { ...base, selected: false, reason: 'below-threshold' };
    }
    if (project.cost > left) {
      stopped = rule === 'greedy-no-skip';

      return { ...base, selected: false, reason: 'does-not-fit' };
    }
    const block = ledger.blocked(index, project.cost);
    if (block) {
      return { ...base, selected: false, reason: block.reason, category: block.category };
    }
    ledger.fund(index, project.cost);
    left -= project.cost;

    return { ...base, selected: true, reason: 'funded' };
  });

  return {
    projects: selections,
    spent: budget - left,
    tieBreaks: tieBreaksOf(projects, order, selections, tieBreak),
  };
}
