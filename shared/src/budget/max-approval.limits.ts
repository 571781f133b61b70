import { CategoryLedger, type CategoryLimit } from './funding-limits';
import {
  MAX_APPROVAL_WORK_LIMIT,
  type MaxApprovalProject,
  type MaxApprovalResult,
  type MaxApprovalSensitivity,
} from './max-approval';
import { DEFAULT_TIE_BREAK, tiePriorities, type TieBreakOrder } from './tie-break';

/** Thrown when maximum approval cannot take an edition's category limits. */
export class LimitedKnapsackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitedKnapsackError';
  }
}

type Optimum = { support: number; cost: number };

/** A project's inclusion decided before a solve, with an optional changed cost. */
type Fixed = {
  forcedIn: ReadonlySet<number>;
  forcedOut: ReadonlySet<number>;
  cost?: Map<number, number>;
};

function emptyTable(size: number): Float64Array {
  const table = new Float64Array(size).fill(Infinity);
  table[0] = 0;

  return table;
}

/**
 * Options of a table that can be part of an optimum: pairs of total support and least cost,
 * by increasing support and strictly increasing cost, none above the money available. An
 * option that costs as much as one with more support can be dropped, since swapping it for the
 * other never lowers the support or raises the cost of a set.
 */
type Front = { support: number[]; cost: number[] };

/** Builds the front of a dense minimum-cost table indexed by support. */
function frontOf(table: Float64Array, limit: number): Front {
  const front: Front = { support: [], cost: [] };
  let cheapest = Infinity;
  for (let value = table.length - 1; value >= 0; value -= 1) {
    const cost = table[value]!;
    if (cost <= limit && cost < cheapest) {
      front.support.push(value);
      front.cost.push(cost);
      cheapest = cost;
    }
  }
  front.support.reverse();
  front.cost.reverse();

  return front;
}

/** Returns the front of every sum of one option of `a` and one of `b` within `limit`. */
function combine(a: Front, b: Front, limit: number): Front {
  const best = new Map<number, number>();
  for (let i = 0; i < a.support.length; i += 1) {
    for (let j = 0; j < b.support.length; j += 1) {
      const cost = a.cost[i]! + b.cost[j]!;
      if (cost > limit) {
        // Costs rise with j, so the rest of this row is over the limit too.
        break;
      }
      const support = a.support[i]! + b.support[j]!;
      if (cost < (best.get(support) ?? Infinity)) {
        best.set(support, cost);
      }
    }
  }
  const supports = [...best.keys()].sort((x, y) => y - x);
  const front: Front = { support: [], cost: [] };
  let cheapest = Infinity;
  for (const support of supports) {
    const cost = best.get(support)!;
    if (cost < cheapest) {
      front.support.push(support);
      front.cost.push(cost);
      cheapest = cost;
    }
  }
  front.support.reverse();
  front.cost.reverse();

  return front;
}

/** Thrown inside a solve when the work allowance runs out. */
class WorkLimitReached extends Error {}

/**
 * Exact 0/1 knapsack over total support with per-category caps on cost and on the number of
 * projects. Projects outside limited categories form one table, and each limited category gets
 * a table by number of projects and support, cut at its caps. The tables, reduced to their
 * fronts, are then combined pairwise. Every sum is of integer costs below 2^53, so doubles hold
 * them exactly.
 */
class LimitedKnapsack {
  private readonly free: number[] = [];
  private readonly groups: number[][];
  /** Table updates and option pairs left before solves stop with `WorkLimitReached`. */
  workLeft = MAX_APPROVAL_WORK_LIMIT;

  constructor(
    private readonly projects: readonly MaxApprovalProject[],
    private readonly budget: number,
    private readonly ledger: CategoryLedger,
  ) {
    this.groups = Array.from({ length: ledger.size }, () => []);
    projects.forEach((project, index) => {
      const limits = ledger.limitIndexes(index);
      if (limits.length > 1) {
        throw new LimitedKnapsackError(
          `project ${project.code ?? project.id} is in ${limits.length} limited categories; max-approval takes at most one limited category per project: limit at most one of its categories or choose another rule`,
        );
      }
      if (project.support > 0) {
        (limits.length === 0 ? this.free : this.groups[limits[0]!]!).push(index);
      }
    });
  }

  private spend(work: number): void {
    this.workLeft -= work;
    if (this.workLeft < 0) {
      throw new WorkLimitReached();
    }
  }

  /**
   * Returns the largest total support within the budget and the caps, and the least cost that
   * reaches it, with the `fixed` projects in or out; null when the projects forced in break the
   * budget or a cap on their own. Throws `WorkLimitReached` when the allowance runs out.
   */
  solve(fixed: Fixed): Optimum | null {
    const costOf = (index: number) => fixed.cost?.get(index) ?? this.projects[index]!.cost;
    const capLeft = Array.from(
      { length: this.ledger.size },
      (_, l) => this.ledger.limit(l).maxCost,
    );
    const countLeft = Array.from(
      { length: this.ledger.size },
      (_, l) => this.ledger.limit(l).maxProjects ?? Infinity,
    );
    let budgetLeft = this.budget;
    let supportIn = 0;
    let costIn = 0;
    for (const index of fixed.forcedIn) {
      const cost = costOf(index);
      budgetLeft -= cost;
      supportIn += this.projects[index]!.support;
      costIn += cost;
      for (const limit of this.ledger.limitIndexes(index)) {
        capLeft[limit] = capLeft[limit] === null ? null : capLeft[limit]! - cost;
        countLeft[limit] = countLeft[limit]! - 1;
      }
    }
    if (
      budgetLeft < 0 ||
      capLeft.some((cap) => cap !== null && cap < 0) ||
      countLeft.some((count) => count < 0)
    ) {
      return null;
    }
    const open = (index: number) => !fixed.forcedIn.has(index) && !fixed.forcedOut.has(index);

    const freeItems = this.free.filter(open);
    const freeTable = emptyTable(
      freeItems.reduce((sum, index) => sum + this.projects[index]!.support, 0) + 1,
    );
    this.spend(freeItems.length * freeTable.length);
    for (const index of freeItems) {
      const { support } = this.projects[index]!;
      const cost = costOf(index);
      for (let value = freeTable.length - 1; value >= support; value -= 1) {
        const withItem = freeTable[value - support]! + cost;
        if (withItem < freeTable[value]!) {
          freeTable[value] = withItem;
        }
      }
    }
    let total = frontOf(freeTable, budgetLeft);
    for (const [limit, members] of this.groups.entries()) {
      const items = members.filter(open);
      const cap = capLeft[limit]!;
      const table = this.groupTable(items, costOf, countLeft[limit]!);
      const group = frontOf(table, cap === null ? budgetLeft : Math.min(cap, budgetLeft));
      this.spend(total.support.length * group.support.length);
      total = combine(total, group, budgetLeft);
    }
    const last = total.support.length - 1;

    return { support: supportIn + total.support[last]!, cost: costIn + total.cost[last]! };
  }

  /** Minimum cost by support of the subsets of `items` with at most `count` projects. */
  private groupTable(
    items: number[],
    costOf: (index: number) => number,
    count: number,
  ): Float64Array {
    const size = items.reduce((sum, index) => sum + this.projects[index]!.support, 0) + 1;
    const most = Math.min(count, items.length);
    this.spend(items.length * (most + 1) * size);
    const byCount = Array.from({ length: most + 1 }, (_, k) =>
      k === 0 ? emptyTable(size) : new Float64Array(size).fill(Infinity),
    );
    items.forEach((index, seen) => {
      const { support } = this.projects[index]!;
      const cost = costOf(index);
      for (let k = Math.min(most, seen + 1); k >= 1; k -= 1) {
        const [row, previous] = [byCount[k]!, byCount[k - 1]!];
        for (let value = size - 1; value >= support; value -= 1) {
          const withItem = previous[value - support]! + cost;
          if (withItem < row[value]!) {
            row[value] = withItem;
          }
        }
      }
    });
    const table = new Float64Array(size).fill(Infinity);
    for (const row of byCount) {
      for (let value = 0; value < size; value += 1) {
        if (row[value]! < table[value]!) {
          table[value] = row[value]!;
        }
      }
    }

    return table;
  }
}

function sameOptimum(a: Optimum | null, b: Optimum): boolean {
  return a !== null && a.support === b.support && a.cost === b.cost;
}

/**
 * Picks the projects with the largest total support within `budget` and the category caps,
 * exactly, like `maxApproval`: among sets with the largest support it takes the cheapest, and
 * among those the one that includes the project placed first by `tieBreak`, then the next.
 * Each project may belong to at most one limited category. With `explain`, `sensitivity` gives
 * the support increase and the cost at which an unfunded project would be in every optimum.
 *
 * Throws a `LimitedKnapsackError` when a project is in two limited categories or the solves the
 * tie-break needs exceed `MAX_APPROVAL_WORK_LIMIT` table updates. The change figures get the
 * same allowance again, and are left null with `sensitivityComputed` false when they exceed it.
 */
export function maxApprovalWithLimits(
  projects: readonly MaxApprovalProject[],
  budget: number,
  categoryLimits: readonly CategoryLimit[],
  categories: readonly (string | null | undefined)[],
  options: { tieBreak?: TieBreakOrder; explain?: boolean } = {},
): MaxApprovalResult & { sensitivityComputed: boolean } {
  const ledger = new CategoryLedger(categoryLimits, categories);
  const knapsack = new LimitedKnapsack(projects, budget, ledger);
  try {
    return selectWithLimits(knapsack, projects, options);
  } catch (error) {
    if (error instanceof WorkLimitReached) {
      throw new LimitedKnapsackError(
        `max-approval with category limits needs more than ${MAX_APPROVAL_WORK_LIMIT} table updates for this edition; choose another rule`,
      );
    }
    throw error;
  }
}

function selectWithLimits(
  knapsack: LimitedKnapsack,
  projects: readonly MaxApprovalProject[],
  options: { tieBreak?: TieBreakOrder; explain?: boolean },
): MaxApprovalResult & { sensitivityComputed: boolean } {
  const none = new Set<number>();
  const optimum = knapsack.solve({ forcedIn: none, forcedOut: none }) ?? { support: 0, cost: 0 };
  const priorities = tiePriorities(
    options.tieBreak ?? DEFAULT_TIE_BREAK,
    projects.map((project, position) => ({
      ...project,
      votes: project.votes ?? project.support,
      position,
    })),
  );
  const order = projects
    .map((_, index) => index)
    .filter((index) => projects[index]!.support > 0)
    .sort((a, b) => priorities[a]! - priorities[b]!);
  const forcedIn = new Set<number>();
  const forcedOut = new Set<number>();
  for (const index of order) {
    forcedIn.add(index);
    if (!sameOptimum(knapsack.solve({ forcedIn, forcedOut }), optimum)) {
      forcedIn.delete(index);
      forcedOut.add(index);
    }
  }
  const selected = order.filter((index) => forcedIn.has(index));
  const tieDecided = selected.filter((index) =>
    sameOptimum(knapsack.solve({ forcedIn: none, forcedOut: new Set([index]) }), optimum),
  );

  const sensitivity = new Map<string, MaxApprovalSensitivity | null>(
    projects.map((project) => [project.id, null]),
  );
  const unfunded = order.filter((index) => !forcedIn.has(index));
  let sensitivityComputed = options.explain === true;
  if (sensitivityComputed) {
    // The change figures get an allowance of their own, and are all left out when it runs out.
    knapsack.workLeft = MAX_APPROVAL_WORK_LIMIT;
    try {
      for (const index of unfunded) {
        sensitivity.set(projects[index]!.id, sensitivityOf(knapsack, projects, index, optimum));
      }
    } catch (error) {
      if (!(error instanceof WorkLimitReached)) {
        throw error;
      }
      sensitivityComputed = false;
      for (const index of unfunded) {
        sensitivity.set(projects[index]!.id, null);
      }
    }
  }

  return {
    selectedIds: selected.map((index) => projects[index]!.id),
    totalSupport: optimum.support,
    spent: optimum.cost,
    tieDecidedIds: tieDecided.map((index) => projects[index]!.id),
    sensitivity,
    sensitivityComputed,
  };
}

function sensitivityOf(
  knapsack: LimitedKnapsack,
  projects: readonly MaxApprovalProject[],
  index: number,
  optimum: Optimum,
): MaxApprovalSensitivity {
  const forcedIn = new Set([index]);
  const forcedOut = new Set<number>();
  // The optimum leaves the project out, so `optimum.support` is also the best without it.
  const withIt = knapsack.solve({ forcedIn, forcedOut });
  const additionalSupport =
    withIt === null ? null : Math.max(1, optimum.support - withIt.support + 1);
  const beats = (cost: number) => {
    const result = knapsack.solve({ forcedIn, forcedOut, cost: new Map([[index, cost]]) });

    return result !== null && result.support > optimum.support;
  };
  let maxCostToFund: number | null = null;
  if (beats(0)) {
    // Funding is monotone in the cost, so bisection finds the largest cost that still wins.
    let [low, high] = [0, projects[index]!.cost];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (beats(middle)) {
        low = middle;
      } else {
        high = middle;
      }
    }
    maxCostToFund = low;
  }

  return { additionalSupport, maxCostToFund };
}
