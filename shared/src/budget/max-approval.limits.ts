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

/** Returns the min-plus convolution of two minimum-cost tables indexed by support. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const result = new Float64Array(a.length + b.length - 1).fill(Infinity);
  for (let j = 0; j < b.length; j += 1) {
    const cost = b[j]!;
    if (cost === Infinity) {
      continue;
    }
    for (let i = 0; i < a.length; i += 1) {
      const sum = a[i]! + cost;
      if (sum < result[i + j]!) {
        result[i + j] = sum;
      }
    }
  }

  return result;
}

/**
 * Exact 0/1 knapsack over total support with per-category caps on cost and on the number of
 * projects. Projects outside limited categories form one table; each limited category gets a
 * table by number of projects and support, cut at its caps; the tables are then combined by
 * min-plus convolution. Every sum is of integer costs below 2^53, so doubles hold them exactly.
 */
class LimitedKnapsack {
  private readonly free: number[] = [];
  private readonly groups: number[][];
  readonly work: number;

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
          `project ${project.id} is in ${limits.length} limited categories; max-approval takes at most one limited category per project`,
        );
      }
      if (project.support > 0) {
        (limits.length === 0 ? this.free : this.groups[limits[0]!]!).push(index);
      }
    });
    const supportOf = (members: number[]) =>
      members.reduce((sum, index) => sum + projects[index]!.support, 0);
    let accumulated = supportOf(this.free) + 1;
    let work = this.free.length * accumulated;
    for (const [limit, members] of this.groups.entries()) {
      const size = supportOf(members) + 1;
      const count = Math.min(members.length, ledger.limit(limit).maxProjects ?? members.length);
      work += members.length * (count + 1) * size + accumulated * size;
      accumulated += size - 1;
    }
    this.work = work;
  }

  /**
   * Returns the largest total support within the budget and the caps, and the least cost that
   * reaches it, with the `fixed` projects in or out; null when the projects forced in break the
   * budget or a cap on their own.
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
      countLeft.some((n) => n < 0)
    ) {
      return null;
    }
    const open = (index: number) => !fixed.forcedIn.has(index) && !fixed.forcedOut.has(index);

    const freeItems = this.free.filter(open);
    let total = emptyTable(freeItems.reduce((sum, i) => sum + this.projects[i]!.support, 0) + 1);
    for (const index of freeItems) {
      const { support } = this.projects[index]!;
      const cost = costOf(index);
      for (let value = total.length - 1; value >= support; value -= 1) {
        const withItem = total[value - support]! + cost;
        if (withItem < total[value]!) {
          total[value] = withItem;
        }
      }
    }
    for (const [limit, members] of this.groups.entries()) {
      const items = members.filter(open);
      total = convolve(total, this.groupTable(items, costOf, capLeft[limit]!, countLeft[limit]!));
    }
    for (let value = total.length - 1; value >= 0; value -= 1) {
      if (total[value]! <= budgetLeft) {
        return { support: supportIn + value, cost: costIn + total[value]! };
      }
    }

    return null;
  }

  /** Minimum cost by support of the subsets of `items` within `cap` and `count` projects. */
  private groupTable(
    items: number[],
    costOf: (index: number) => number,
    cap: number | null,
    count: number,
  ): Float64Array {
    const size = items.reduce((sum, i) => sum + this.projects[i]!.support, 0) + 1;
    const most = Math.min(count, items.length);
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
        if (row[value]! < table[value]! && (cap === null || row[value]! <= cap)) {
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
 * tie-break needs exceed `MAX_APPROVAL_WORK_LIMIT` cell updates. Sensitivity that would exceed it
 * is left null.
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
  const solves = 2 * projects.length + 1;
  if (knapsack.work * solves > MAX_APPROVAL_WORK_LIMIT) {
    throw new LimitedKnapsackError(
      `max-approval with category limits needs about ${knapsack.work * solves} table updates, more than the limit of ${MAX_APPROVAL_WORK_LIMIT}; choose another rule for this edition`,
    );
  }
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
  const perProject = 3 + Math.ceil(Math.log2(budget + 2));
  const sensitivityComputed =
    options.explain === true &&
    knapsack.work * unfunded.length * perProject <= MAX_APPROVAL_WORK_LIMIT;
  if (sensitivityComputed) {
    for (const index of unfunded) {
      sensitivity.set(projects[index]!.id, sensitivityOf(knapsack, projects, index, optimum));
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
