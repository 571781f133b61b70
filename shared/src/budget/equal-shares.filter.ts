import type { PreparedElection } from './equal-shares.engine';
import { CategoryLedger } from './funding-limits';
import type { Rational } from './rational';

/**
 * Relative error allowance per floating-point step: 8 × 2^-53, four times the bound on the two
 * roundings (each at most 2^-53 relative) that one step can make, so every bound stays outward.
 */
const ULP = 8 * 2 ** -53;

/**
 * Absolute allowance for values near zero. It is a normal double, because arithmetic on
 * subnormal ones such as `Number.MIN_VALUE` is many times slower on x86.
 */
const TINY = 2 ** -1000;

function down(value: number): number {
  return value - Math.abs(value) * ULP - TINY;
}

function up(value: number): number {
  return value + Math.abs(value) * ULP + TINY;
}

type Interval = { low: number; high: number };

/**
 * Voter balances as intervals of doubles that contain the exact rational balance. Voters with
 * the same payment history share a group, as in the exact engine.
 */
class BalanceIntervals {
  readonly voterGroup: Int32Array;
  readonly low: number[];
  readonly high: number[];
  /** Supporters per group of the project being evaluated; zero between evaluations. */
  counts = new Int32Array(16);
  /** The distinct groups `count` found, in the order `sortTouched` left them. */
  touched = new Int32Array(16);
  private next = new Int32Array(16);
  /**
   * One group for every voter whose balance may be zero, as in the exact engine, so the number
   * of groups stays small. Its interval is `[0, zeroHigh]`, the widest of its members.
   */
  private zeroGroup = -1;
  private zeroHigh = 0;

  constructor(voterCount: number, share: Rational) {
    const value = Number(share.numerator) / Number(share.denominator);
    this.voterGroup = new Int32Array(voterCount);
    this.low = [down(value)];
    this.high = [up(value)];
  }

  /** Fills `counts` for `voters` and returns the number of distinct groups among them. */
  count(voters: Int32Array): number {
    if (this.counts.length < this.low.length) {
      this.counts = new Int32Array(this.low.length * 2);
      this.touched = new Int32Array(this.low.length * 2);
    }
    let distinct = 0;
    for (const voter of voters) {
      const group = this.voterGroup[voter]!;
      if (this.counts[group] === 0) {
        this.touched[distinct] = group;
        distinct += 1;
      }
      this.counts[group] = this.counts[group]! + 1;
    }

    return distinct;
  }

  /** Sets `counts` back to zero after `count` found `distinct` groups. */
  clear(distinct: number): void {
    for (let index = 0; index < distinct; index += 1) {
      this.counts[this.touched[index]!] = 0;
    }
  }

  private groupAfterPaying(group: number, paid: Interval): number {
    const low = Math.max(0, down(this.low[group]! - paid.high));
    const high = Math.max(0, up(this.high[group]! - paid.low));
    if (low > 0) {
      this.high.push(high);

      return this.low.push(low) - 1;
    }
    if (this.zeroGroup === -1) {
      this.zeroGroup = this.low.push(0) - 1;
      this.high.push(0);
    }
    this.zeroHigh = Math.max(this.zeroHigh, high);

    return this.zeroGroup;
  }

  /** Takes `min(balance, payment)` from each voter, with `payment` inside `paid`. */
  pay(voters: Int32Array, paid: Interval): void {
    if (this.next.length < this.low.length) {
      this.next = new Int32Array(this.low.length * 2);
    }
    const moved: number[] = [];
    for (const voter of voters) {
      const group = this.voterGroup[voter]!;
      let target = this.next[group]! - 1;
      if (target === -1) {
        target = this.groupAfterPaying(group, paid);
        this.next[group] = target + 1;
        moved.push(group);
      }
      this.voterGroup[voter] = target;
    }
    for (const group of moved) {
      this.next[group] = 0;
    }
    if (this.zeroGroup !== -1) {
      this.high[this.zeroGroup] = this.zeroHigh;
    }
  }

  /**
   * Sorts the first `distinct` touched groups by `values`, by insertion because there are few
   * and this runs for every evaluation.
   */
  sortTouched(distinct: number, values: number[]): void {
    const touched = this.touched;
    for (let index = 1; index < distinct; index += 1) {
      const group = touched[index]!;
      const value = values[group]!;
      let position = index - 1;
      while (position >= 0 && values[touched[position]!]! > value) {
        touched[position + 1] = touched[position]!;
        position -= 1;
      }
      touched[position + 1] = group;
    }
  }
}

/**
 * Returns the smallest `q` with `sum(count * min(value, q)) >= cost` over the first `distinct`
 * touched groups, which must be sorted by `values`, in doubles, or Infinity when the values sum
 * to less than `cost`.
 */
function paymentFor(
  balances: BalanceIntervals,
  distinct: number,
  values: number[],
  voters: number,
  cost: number,
): number {
  let need = cost;
  let remaining = voters;
  for (let index = 0; index < distinct; index += 1) {
    const group = balances.touched[index]!;
    const size = balances.counts[group]!;
    const value = values[group]!;
    if (need <= value * remaining) {
      return need / remaining;
    }
    need -= value * size;
    remaining -= size;
  }

  return Infinity;
}

/** Outcome of `priceBounds`; the bounds of a priced project are left in `bounds`. */
const PRICED = 0;
const UNAFFORDABLE = 1;
const UNCERTAIN = 2;

/** Price and payment interval of the last project `priceBounds` priced. */
const bounds = { priceLow: 0, priceHigh: 0, paymentLow: 0, paymentHigh: 0 };

/**
 * Bounds the price per unit of value of `project` and leaves it in `bounds`. Higher balances
 * lower the payment, so the payments over the high ends and over the low ends bracket the exact
 * one. `slack` covers the rounding inside the sums. Each of the G group steps rounds by at most
 * 2 ULP of the cost, and the cost is at most N times the payment for N supporters. So the
 * computed payment is off by at most (2GN + 1) ULP of itself.
 */
function priceBounds(election: PreparedElection, balances: BalanceIntervals, project: number) {
  const cost = Number(election.costs[project]!);
  if (cost === 0) {
    bounds.priceLow = bounds.priceHigh = bounds.paymentLow = bounds.paymentHigh = 0;

    return PRICED;
  }
  const voters = election.supporters[project]!;
  const distinct = balances.count(voters);
  const slack = (2 * distinct * voters.length + 1) * ULP;
  balances.sortTouched(distinct, balances.high);
  const fewest = paymentFor(balances, distinct, balances.high, voters.length, cost * (1 - slack));
  let most = Infinity;
  if (fewest !== Infinity) {
    balances.sortTouched(distinct, balances.low);
    most = paymentFor(balances, distinct, balances.low, voters.length, cost * (1 + slack));
  }
  balances.clear(distinct);
  if (fewest === Infinity) {
    return UNAFFORDABLE;
  }
  if (most === Infinity) {
    return UNCERTAIN;
  }
  bounds.paymentLow = down(fewest * (1 - slack));
  bounds.paymentHigh = up(most * (1 + slack));
  bounds.priceLow = down(bounds.paymentLow / cost);
  bounds.priceHigh = up(bounds.paymentHigh / cost);

  return PRICED;
}

/** Sorts `order[0, length)` by `keys`, then by project index, by insertion because rounds change it little. */
function sortByKey(order: Int32Array, length: number, keys: Float64Array): void {
  for (let index = 1; index < length; index += 1) {
    const project = order[index]!;
    const key = keys[project]!;
    let position = index - 1;
    while (position >= 0) {
      const other = order[position]!;
      if (keys[other]! < key || (keys[other] === key && other < project)) {
        break;
      }
      order[position + 1] = other;
      position -= 1;
    }
    order[position + 1] = project;
  }
}

/**
 * Runs the Method of Equal Shares in double-precision interval arithmetic and returns the funded
 * project indexes in funding order. Returns null when an interval cannot settle a decision: a
 * tie, a near-tie, or supporters holding almost exactly a cost. Every balance and price is an
 * interval that contains the exact rational value, so a returned list has the choices the exact
 * engine makes. The caller runs the exact engine on null.
 *
 * NOTE: the containment rests on the error analysis in `priceBounds` and `down`/`up`. Tests
 * compare the result with the exact engine on random elections and on every add1 step of
 * Wieliczka 2023.
 */
export function runEqualSharesFiltered(
  election: PreparedElection,
  share: Rational,
): number[] | null {
  const projectCount = election.ids.length;
  const balances = new BalanceIntervals(election.voterCount, share);
  // Minimums and category caps are exact integer checks, applied as in the exact engine.
  const ledger = new CategoryLedger(election.categoryLimits, election.categories);
  const capped = ledger.active;
  const order = new Int32Array(projectCount);
  let candidates = 0;
  for (let project = 0; project < projectCount; project += 1) {
    if (election.eligible[project] === 1 && !ledger.blocked(project, election.costs[project]!)) {
      order[candidates] = project;
      candidates += 1;
    }
  }
  // Exact prices only rise from round to round, so a past low end stays a lower bound.
  const lowerBound = new Float64Array(projectCount).fill(-Infinity);
  const evaluated = new Int32Array(projectCount);
  const funded: number[] = [];
  while (candidates > 0) {
    sortByKey(order, candidates, lowerBound);
    let best = -1;
    let bestHigh = Infinity;
    let paymentLow = 0;
    let paymentHigh = 0;
    let evaluatedCount = 0;
    let kept = 0;
    let index = 0;
    for (; index < candidates; index += 1) {
      const project = order[index]!;
      if (best !== -1 && lowerBound[project]! > bestHigh) {
        break;
      }
      const outcome = priceBounds(election, balances, project);
      if (outcome === UNCERTAIN) {
        return null;
      }
      if (outcome === UNAFFORDABLE) {
        continue;
      }
      order[kept] = project;
      kept += 1;
      lowerBound[project] = bounds.priceLow;
      evaluated[evaluatedCount] = project;
      evaluatedCount += 1;
      if (bounds.priceHigh < bestHigh) {
        best = project;
        bestHigh = bounds.priceHigh;
        paymentLow = bounds.paymentLow;
        paymentHigh = bounds.paymentHigh;
      }
    }
    // Keep the candidates not reached this round after the ones kept.
    for (; index < candidates; index += 1) {
      order[kept] = order[index]!;
      kept += 1;
    }
    candidates = kept;
    if (best === -1) {
      break;
    }
    // The winner must be strictly cheaper than every other project evaluated, for sure.
    for (let entry = 0; entry < evaluatedCount; entry += 1) {
      const project = evaluated[entry]!;
      if (project !== best && lowerBound[project]! <= bestHigh) {
        return null;
      }
    }
    funded.push(best);
    balances.pay(election.supporters[best]!, { low: paymentLow, high: paymentHigh });
    const position = order.indexOf(best);
    order.copyWithin(position, position + 1, candidates);
    candidates -= 1;
    if (capped) {
      ledger.fund(best, election.costs[best]!);
      let open = 0;
      for (let entry = 0; entry < candidates; entry += 1) {
        const project = order[entry]!;
        if (!ledger.blocked(project, election.costs[project]!)) {
          order[open] = project;
          open += 1;
        }
      }
      candidates = open;
    }
  }

  return funded;
}
