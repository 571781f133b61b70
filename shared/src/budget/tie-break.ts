/**
 * Order that settles ties between projects a rule ranks equally (equal support under the greedy
 * rules, equal price under MES, equal load under Phragmén, equal optimum under maximum approval).
 *
 * - `lower-cost-first`: lower cost, then more support, then earlier in the file (the default).
 * - `more-votes-first`: more ballots naming the project, then lower cost, then earlier in the file.
 * - `file-order`: earlier in the file.
 */
export type TieBreakOrder = 'lower-cost-first' | 'more-votes-first' | 'file-order';

/** Every tie-break order, the default first. */
export const TIE_BREAK_ORDERS: readonly TieBreakOrder[] = [
  'lower-cost-first',
  'more-votes-first',
  'file-order',
];

/** Order used when an edition names none. */
export const DEFAULT_TIE_BREAK: TieBreakOrder = 'lower-cost-first';

/** Criterion that placed one tied project before another. */
export type TieCriterion = 'cost' | 'votes' | 'support' | 'file-order';

/** Values a tie-break compares; `position` is the place in the file, 0-based. */
export type TieBreakKey = {
  cost: number | bigint;
  /** Ballots naming the project. */
  votes: number;
  /** Approvals or points, the measure the rule counts. */
  support: number;
  position: number;
};

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (a === b) {
    return 0;
  }

  return a < b ? -1 : 1;
}

/** Criteria of an order with their direction: 1 for ascending, -1 for descending. */
const CRITERIA: Record<TieBreakOrder, [TieCriterion, 1 | -1][]> = {
  'lower-cost-first': [
    ['cost', 1],
    ['support', -1],
    ['file-order', 1],
  ],
  'more-votes-first': [
    ['votes', -1],
    ['cost', 1],
    ['file-order', 1],
  ],
  'file-order': [['file-order', 1]],
};

function valueOf(key: TieBreakKey, criterion: TieCriterion): number | bigint {
  switch (criterion) {
    case 'cost':
      return key.cost;
    case 'votes':
      return key.votes;
    case 'support':
      return key.support;
    case 'file-order':
      return key.position;
  }
}

/**
 * Compares two tied projects under `order`: negative when `a` goes first. Returns the
 * criterion that decided, or null when the two keys are the same project.
 */
export function compareTied(
  order: TieBreakOrder,
  a: TieBreakKey,
  b: TieBreakKey,
): { sign: number; decidedBy: TieCriterion | null } {
  for (const [criterion, direction] of CRITERIA[order]) {
    const sign = compareNumbers(valueOf(a, criterion), valueOf(b, criterion)) * direction;
    if (sign !== 0) {
      return { sign, decidedBy: criterion };
    }
  }

  return { sign: 0, decidedBy: null };
}

/**
 * Returns each project's priority under `order`: 0 for the project that wins every tie, and
 * so on. Rules compare priorities instead of keys in their inner loops.
 */
export function tiePriorities(order: TieBreakOrder, keys: readonly TieBreakKey[]): Int32Array {
  const sorted = keys
    .map((_, index) => index)
    .sort((a, b) => compareTied(order, keys[a]!, keys[b]!).sign);
  const priorities = new Int32Array(keys.length);
  sorted.forEach((index, priority) => {
    priorities[index] = priority;
  });

  return priorities;
}
