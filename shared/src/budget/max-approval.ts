import { DEFAULT_TIE_BREAK, tiePriorities, type TieBreakOrder } from './tie-break';

/** A project in a maximum-approval count. Cost in minor units; support in approvals or points. */
export type MaxApprovalProject = {
  id: string;
  cost: number;
  support: number;
  votes?: number;
  /** Name that error messages give the project, such as its ballot code; `id` when absent. */
  code?: string | null;
};

/** Changes that would put an unfunded project into the optimum, all else fixed. */
export type MaxApprovalSensitivity = {
  /** Smallest support increase after which every optimum includes the project. */
  additionalSupport: number | null;
  /** Largest cost at which every optimum includes the project, in minor units. */
  maxCostToFund: number | null;
};

/** The outcome of a maximum-approval count. */
export type MaxApprovalResult = {
  /** Funded project ids, in tie-break order. */
  selectedIds: string[];
  /** Total support of the funded projects, the maximum within the budget. */
  totalSupport: number;
  spent: number;
  /**
   * Funded projects that another set of the same total support and cost could replace, so the
   * tie-break chose them. Empty when the optimum is unique.
   */
  tieDecidedIds: string[];
  /** Per project id; null for funded projects. */
  sensitivity: Map<string, MaxApprovalSensitivity | null>;
};

/**
 * Largest `projects × (total support + 1)` the exact dynamic programme accepts: 2·10⁹ cell
 * updates, an estimated few seconds of work. Larger elections are rejected instead of stalling a
 * request.
 */
export const MAX_APPROVAL_WORK_LIMIT = 2_000_000_000;

/**
 * Adds one project to a table of minimum costs by total support (0/1 knapsack over support).
 * `maxApproval` checks that the total cost is below 2^53, so every sum in a table is exact.
 */
function addItem(table: Float64Array, support: number, cost: number): void {
  if (support === 0) {
    return;
  }
  for (let value = table.length - 1; value >= support; value -= 1) {
    const withItem = table[value - support]! + cost;
    if (withItem < table[value]!) {
      table[value] = withItem;
    }
  }
}

function emptyTable(size: number): Float64Array {
  const table = new Float64Array(size).fill(Infinity);
  table[0] = 0;

  return table;
}

/** Returns the largest total support whose minimum cost fits in `budget`. */
function bestWithin(table: Float64Array, budget: number): number {
  for (let value = table.length - 1; value >= 0; value -= 1) {
    if (table[value]! <= budget) {
      return value;
    }
  }

  return 0;
}

/**
 * Calls `visit` for each wanted project with the minimum-cost table of every other project, by
 * divide and conquer: each half receives the items of the other half, so the whole pass costs
 * `O(n log n × total support)` instead of `O(n² × total support)`.
 */
function tablesWithoutEach(
  projects: readonly MaxApprovalProject[],
  wanted: ReadonlySet<number>,
  visit: (project: number, table: Float64Array) => void,
  size: number,
): void {
  const recurse = (low: number, high: number, table: Float64Array) => {
    if (![...wanted].some((project) => project >= low && project < high)) {
      return;
    }
    if (high - low === 1) {
      visit(low, table);

      return;
    }
    const middle = (low + high) >> 1;
    const left = Float64Array.from(table);
    for (let project = middle; project < high; project += 1) {
      addItem(left, projects[project]!.support, projects[project]!.cost);
    }
    recurse(low, middle, left);
    // The caller no longer needs `table`, so the right half reuses it.
    for (let project = low; project < middle; project += 1) {
      addItem(table, projects[project]!.support, projects[project]!.cost);
    }
    recurse(middle, high, table);
  };
  recurse(0, projects.length, emptyTable(size));
}

function sensitivityOf(
  project: MaxApprovalProject,
  without: Float64Array,
  budget: number,
  best: number,
): MaxApprovalSensitivity {
  // Every optimum includes the project when support + best(budget - cost without it) > best.
  const fitsWithout = project.cost <= budget ? bestWithin(without, budget - project.cost) : null;
  const additionalSupport =
    fitsWithout === null ? null : Math.max(1, best - fitsWithout - project.support + 1);
  // The cheapest way to reach best - support + 1 without it leaves the most money for it.
  let cheapest = Infinity;
  for (let value = Math.max(0, best - project.support + 1); value < without.length; value += 1) {
    cheapest = Math.min(cheapest, without[value]!);
  }
  const maxCost = budget - cheapest;

  return {
    additionalSupport,
    maxCostToFund: project.support > 0 && maxCost >= 0 ? maxCost : null,
  };
}

/**
 * Picks the projects with the largest total support (approvals, or points on cumulative and
 * ordinal ballots) whose total cost fits in `budget`, exactly: a 0/1 knapsack solved by dynamic
 * programming over total support, in integer arithmetic. Among sets with the largest support it
 * takes the cheapest, and among those the one that includes the project placed first by
 * `tieBreak`, then the next, and so on. Projects without support are never funded.
 *
 * For each project left out, `sensitivity` gives the support increase and the cost at which it
 * would be in every optimum, which makes a strictly better set. Throws a `RangeError` for
 * invalid numbers or when `projects × (total support + 1)` exceeds `MAX_APPROVAL_WORK_LIMIT`.
 */
export function maxApproval(
  projects: readonly MaxApprovalProject[],
  budget: number,
  tieBreak: TieBreakOrder = DEFAULT_TIE_BREAK,
): MaxApprovalResult {
  for (const [value, what] of [
    [budget, 'budget'],
    ...projects.flatMap((p) => [
      [p.cost, `cost of project ${p.id}`],
      [p.support, `support of project ${p.id}`],
    ]),
  ] as [number, string][]) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
    }
  }
  const totalCost = projects.reduce((sum, project) => sum + project.cost, 0);
  if (!Number.isSafeInteger(totalCost)) {
    throw new RangeError(`maximum approval needs a total cost below 2^53, got ${totalCost}`);
  }
  const totalSupport = projects.reduce((sum, project) => sum + project.support, 0);
  const size = totalSupport + 1;
  if (projects.length * size > MAX_APPROVAL_WORK_LIMIT) {
    throw new RangeError(
      `maximum approval needs projects × (total support + 1) <= ${MAX_APPROVAL_WORK_LIMIT}, got ${projects.length} × ${size}`,
    );
  }
  const priorities = tiePriorities(
    tieBreak,
    projects.map((project, position) => ({
      ...project,
      votes: project.votes ?? project.support,
      position,
    })),
  );
  // Items in reverse tie-break order, so the reconstruction can prefer the earlier ones.
  const order = projects.map((_, index) => index).sort((a, b) => priorities[b]! - priorities[a]!);
  const takeIfEqual: Uint8Array[] = [];
  const table = emptyTable(size);
  for (const index of order) {
    const { support, cost } = projects[index]!;
    const take = new Uint8Array(size);
    if (support > 0) {
      for (let value = size - 1; value >= support; value -= 1) {
        const withItem = table[value - support]! + cost;
        if (withItem !== Infinity && withItem <= table[value]!) {
          take[value] = withItem < table[value]! ? 2 : 1;
          table[value] = withItem;
        }
      }
    }
    takeIfEqual.push(take);
  }

  const best = bestWithin(table, budget);
  let value = best;
  const tieDecided: number[] = [];
  const selected = new Set<number>();
  // Walk from the project first in tie-break order, which was added last.
  for (let step = order.length - 1; step >= 0; step -= 1) {
    const mark = takeIfEqual[step]![value]!;
    if (mark === 1) {
      tieDecided.push(order[step]!);
    }
    if (mark > 0) {
      selected.add(order[step]!);
      value -= projects[order[step]!]!.support;
    }
  }

  const unfunded = new Set(projects.map((_, index) => index).filter((i) => !selected.has(i)));
  const sensitivity = new Map<string, MaxApprovalSensitivity | null>(
    projects.map((project) => [project.id, null]),
  );
  tablesWithoutEach(
    projects,
    unfunded,
    (index, without) => {
      if (unfunded.has(index)) {
        sensitivity.set(
          projects[index]!.id,
          sensitivityOf(projects[index]!, without, budget, best),
        );
      }
    },
    size,
  );
  const ids = [...selected].sort((a, b) => priorities[a]! - priorities[b]!);

  return {
    selectedIds: ids.map((index) => projects[index]!.id),
    totalSupport: best,
    spent: ids.reduce((sum, index) => sum + projects[index]!.cost, 0),
    tieDecidedIds: tieDecided.map((index) => projects[index]!.id),
    sensitivity,
  };
}
