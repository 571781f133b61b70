import type { SupporterBalances, RoundSnapshot } from './equal-shares.engine';
import type { PhragmenResult } from './phragmen';
import {
  compareRationals,
  rational,
  subtractRationals,
  addRationals,
  type Rational,
} from './rational';
import {
  selectProjects,
  type GreedyRuleName,
  type SelectionInput,
  type SelectionOptions,
} from './select';

/**
 * What would have funded a project the rule left out, holding every other project and ballot
 * fixed. A null value comes with `note`, which gives the reason it cannot be computed. Greedy figures
 * are exact. Under MES, Phragmén and maximum approval they are exact bounds that do not count
 * on winning a tie, so a tie settled in the project's favour can fund it one step earlier.
 */
export type FundingChange = {
  /**
   * Smallest increase in support that funds the project: approvals or points under the greedy
   * rules and maximum approval, new voters approving only this project under Phragmén.
   */
  additionalSupport: number | null;
  /** Largest cost, in minor units, at which the project is funded. */
  maxCostToFund: number | null;
  note: string | null;
};

function floorDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;

  return quotient * denominator > numerator ? quotient - 1n : quotient;
}

/** Returns the largest integer strictly below `value`. */
function largestIntegerBelow(value: Rational): bigint {
  return floorDivide(value.numerator - 1n, value.denominator);
}

/**
 * Finds the smallest integer in `[low, high]` for which `holds` is true, given that `holds` is
 * false below some point and true from it on. Returns null when it is false at `high`.
 */
function smallestTrue(low: number, high: number, holds: (value: number) => boolean): number | null {
  if (!holds(high)) {
    return null;
  }
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }

  return low;
}

/**
 * Computes what funds a project a greedy rule left out, by rerunning the rule. Raising support
 * only moves a project earlier, where at least as much money is left, and lowering its cost
 * does the same, so funding is monotone in both and bisection finds the exact bound.
 */
export function greedyChange(
  projects: readonly SelectionInput[],
  rule: GreedyRuleName,
  budget: number,
  options: SelectionOptions,
  index: number,
): FundingChange {
  const project = projects[index]!;
  const funds = (change: Partial<SelectionInput>) => {
    const changed = projects.map((entry, i) => (i === index ? { ...entry, ...change } : entry));
    const result = selectProjects(changed, rule, budget, options);

    return result.projects.some((entry) => entry.id === project.id && entry.selected);
  };
  const threshold = options.minProjectScore ?? 0;
  const highest = Math.max(threshold, ...projects.map((entry) => entry.support));
  const notes: string[] = [];

  let additionalSupport: number | null = null;
  if (project.cost > budget) {
    notes.push('it costs more than the whole budget, so no support funds it');
  } else {
    const extra = highest + 1 - project.support;
    additionalSupport = smallestTrue(1, Math.max(1, extra), (added) =>
      funds({ support: project.support + added }),
    );
    if (additionalSupport === null) {
      // Even first in the order it breaks a category limit.
      notes.push('it costs more than its category limits allow, so no support funds it');
    }
  }

  let maxCostToFund: number | null = null;
  if (project.support < threshold) {
    notes.push(`its support is below the minimum of ${threshold}, so no cost funds it`);
  } else if (!funds({ cost: 0 })) {
    const atZero = selectProjects(
      projects.map((entry, i) => (i === index ? { ...entry, cost: 0 } : entry)),
      rule,
      budget,
      options,
    ).projects.find((entry) => entry.id === project.id)!;
    notes.push(
      atZero.reason === 'category-limit-reached'
        ? `category "${atZero.category}" reached its maximum number of projects before its turn, so no cost funds it`
        : 'the count stopped before its turn, so no cost funds it',
    );
  } else {
    // The smallest cost that is not funded, minus one.
    const firstUnfunded = smallestTrue(0, project.cost, (cost) => !funds({ cost }));
    maxCostToFund = (firstUnfunded ?? project.cost + 1) - 1;
  }

  return { additionalSupport, maxCostToFund, note: notes.length > 0 ? notes.join('; ') : null };
}

/**
 * Returns the positive root of `g(x) = sum(min(b, price * x)) - x` over the supporters'
 * balances `b`: below it the supporters can pay a cost `x` at a price strictly below `price`.
 */
function equalSharesRoot(balances: SupporterBalances, price: Rational): Rational {
  const zero = rational(0);
  let capped = zero;
  let uncapped = balances.groups.reduce((sum, group) => sum + BigInt(group.size), 0n);
  for (const group of balances.groups) {
    const size = BigInt(group.size);
    if (group.numerator === 0n) {
      uncapped -= size;
      continue;
    }
    const balance = rational(group.numerator, balances.denominator);
    // g at the cost where this group starts paying its whole balance: x = balance / price.
    const atBreak = subtractRationals(
      addRationals(capped, rational(balance.numerator * uncapped, balance.denominator)),
      rational(balance.numerator * price.denominator, balance.denominator * price.numerator),
    );
    if (compareRationals(atBreak, zero) <= 0) {
      // On this segment g(x) = capped + (uncapped * price - 1) * x, which is falling.
      const slope = subtractRationals(
        rational(1),
        rational(price.numerator * uncapped, price.denominator),
      );
      if (slope.numerator <= 0n || capped.numerator === 0n) {
        return zero;
      }

      return rational(capped.numerator * slope.denominator, capped.denominator * slope.numerator);
    }
    capped = addRationals(capped, rational(balance.numerator * size, balance.denominator));
    uncapped -= size;
  }

  return capped;
}

/**
 * Computes the largest cost at which MES funds a project, at the share the snapshots were taken
 * with. Until the project is funded the rounds run as before. So it is funded at cost `x` when
 * its supporters can pay `x` at a price below the winner's in some round, or can afford `x`
 * after the last round. A price equal to the winner's counts as a loss. `roomAt(i)` gives the
 * largest cost the project's category limits allow once the first `i` rounds are funded (null
 * for no cap, -1 when a project count is full), which bounds the cost in that snapshot.
 * `fullCategoryAt(i)` names the category whose full project count gives that -1, for the note.
 */
export function equalSharesChange(
  snapshots: readonly RoundSnapshot[],
  project: number,
  note: string,
  limits: {
    roomAt?: (snapshot: number) => bigint | null;
    fullCategoryAt?: (snapshot: number) => string | null;
  } = {},
): FundingChange {
  const roomAt = limits.roomAt ?? (() => null);
  const unknownVotes =
    'more votes is not computable: each added voter changes every share B/n and so every round';
  let best: bigint | null = null;
  let approved = false;
  let fullCategory: string | null = null;
  for (const [index, snapshot] of snapshots.entries()) {
    const balances = snapshot.supporters.get(project);
    if (!balances) {
      continue;
    }
    approved = true;
    const room = roomAt(index);
    if (room !== null && room < 0n) {
      fullCategory = limits.fullCategoryAt?.(index) ?? fullCategory;
      continue;
    }
    let candidate: bigint;
    if (snapshot.price === null) {
      const total = balances.groups.reduce(
        (sum, group) => sum + group.numerator * BigInt(group.size),
        0n,
      );
      candidate = floorDivide(total, balances.denominator);
    } else {
      const price = rational(snapshot.price.numerator, snapshot.price.denominator);
      if (price.numerator === 0n) {
        continue;
      }
      candidate = largestIntegerBelow(equalSharesRoot(balances, price));
    }
    if (room !== null && room < candidate) {
      candidate = room;
    }
    if (candidate >= 0n && (best === null || candidate > best)) {
      best = candidate;
    }
  }

  if (best !== null) {
    return {
      additionalSupport: null,
      maxCostToFund: Number(best),
      note: `${unknownVotes}; ${note}`,
    };
  }
  // The last snapshot gives every supported project a cost of 0 or more unless a full project
  // count blocks it there, so a supported project without a cost is blocked by a count.
  const reason = !approved
    ? 'nobody approved it'
    : fullCategory !== null
      ? `category "${fullCategory}" reached its maximum number of projects before its turn, so no cost funds it`
      : 'a category reached its maximum number of projects before its turn, so no cost funds it';

  return { additionalSupport: null, maxCostToFund: null, note: `${reason}; ${unknownVotes}` };
}

/**
 * Computes what funds a project sequential Phragmén left out, exactly. Until the project is
 * funded the rounds run as before. So it is funded when its cost fits and its supporters could
 * buy it strictly before the winner in some round, or when it fits after the last round. Extra
 * support means new voters who approve only this project and carry no load.
 */
export function phragmenChange(
  result: PhragmenResult,
  budget: number,
  project: number,
  limits: { roomAt?: (round: number) => bigint | null; minSupport?: number | null } = {},
): FundingChange {
  const roomAt = limits.roomAt ?? (() => null);
  const minSupport = BigInt(limits.minSupport ?? 0);
  const { election } = result;
  const cost = election.costs[project]!;
  const supporters = BigInt(election.support[project]!);
  // Added voters must also lift the project to the minimum support.
  const atLeastMinimum = (voters: bigint) =>
    voters >= 1n && supporters + voters < minSupport ? minSupport - supporters : voters;
  let maxCost: bigint | null = null;
  let minVoters: bigint | null = null;
  const consider = (costBound: bigint, voters: bigint) => {
    if (costBound >= 0n && (maxCost === null || costBound > maxCost)) {
      maxCost = costBound;
    }
    if (voters >= 1n && (minVoters === null || voters < minVoters)) {
      minVoters = voters;
    }
  };

  const within = (left: bigint, room: bigint | null) =>
    room !== null && room < left ? room : left;
  for (const [index, round] of result.rounds.entries()) {
    const room = roomAt(index);
    if (room !== null && room < 0n) {
      continue;
    }
    const left = within(round.budgetLeft, room);
    const load = round.supporterLoads[project]!;
    const denominator = round.supporterDenominator;
    const [time, timeDenominator] = [round.loadNumerator, round.loadDenominator];
    // Cost x with (x * d + load) / (supporters * d) < time: x < (time * supporters * d - load * T) / (T * d).
    const costBound =
      supporters > 0n
        ? largestIntegerBelow(
            rational(
              time * supporters * denominator - load * timeDenominator,
              timeDenominator * denominator,
            ),
          )
        : -1n;
    const bound = costBound < left ? costBound : left;
    // Voters n with (cost * d + load) / (n * d) < time: n > (cost * d + load) * T / (d * time).
    let voters = -1n;
    if (cost <= left && time > 0n) {
      const needed =
        floorDivide((cost * denominator + load) * timeDenominator, denominator * time) + 1n;
      voters = needed - supporters;
    }
    consider(supporters >= minSupport ? bound : -1n, atLeastMinimum(voters));
  }
  const finalRoom = roomAt(result.rounds.length);
  const left =
    finalRoom !== null && finalRoom < 0n ? -1n : within(BigInt(budget - result.spent), finalRoom);
  consider(
    supporters > 0n && supporters >= minSupport ? left : -1n,
    atLeastMinimum(cost <= left ? 1n : -1n),
  );

  const notes: string[] = [];
  if (cost > BigInt(budget)) {
    notes.push('it costs more than the whole budget, so no support funds it');
  }
  if (supporters === 0n) {
    notes.push('nobody approved it, so no cost funds it');
  } else if (supporters < minSupport) {
    notes.push(`its support is below the minimum of ${minSupport}, so no cost funds it`);
  }

  return {
    additionalSupport: minVoters === null ? null : Number(minVoters),
    maxCostToFund: maxCost === null ? null : Number(maxCost),
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}
