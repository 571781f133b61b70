/**
 * Cap on the projects a rule may fund in one category. `null` means no cap of that kind. Money
 * is in minor units.
 */
export type CategoryLimit = {
  category: string;
  /** Largest total cost of the funded projects of the category. */
  maxCost: number | null;
  /** Largest number of funded projects of the category. */
  maxProjects: number | null;
};

/** Constraints every rule applies on top of its own, set per edition. */
export type FundingLimits = {
  /**
   * Support a project needs to be funded: approvals on approval and choose-1 ballots, points on
   * cumulative and ordinal ones.
   */
  minSupport?: number | null;
  categoryLimits?: readonly CategoryLimit[];
};

/** Reason a category limit kept a project out. */
export type CategoryLimitReason = 'category-budget-exhausted' | 'category-limit-reached';

/** A category limit that keeps one project out, and the category it belongs to. */
export type CategoryBlock = { reason: CategoryLimitReason; category: string };

/**
 * Splits a project's category field into category names. Pabulib writes several categories as
 * a comma-separated list, and a project counts against the limit of each one.
 */
export function projectCategories(category: string | null | undefined): string[] {
  if (!category) {
    return [];
  }

  return category
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/**
 * Returns what is wrong with a list of category limits, or null when it is valid: each
 * category named once, amounts non-negative safe integers.
 */
export function categoryLimitsProblem(limits: readonly CategoryLimit[]): string | null {
  const seen = new Set<string>();
  for (const limit of limits) {
    const name = limit.category.trim();
    if (!name || name.includes(',')) {
      return `category name "${limit.category}" is invalid: give a non-empty name without commas`;
    }
    if (seen.has(name)) {
      return `category "${name}" has two limits: give each category one entry`;
    }
    seen.add(name);
    for (const [value, what] of [
      [limit.maxCost, 'maxCost'],
      [limit.maxProjects, 'maxProjects'],
    ] as const) {
      if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
        return `${what} of category "${name}" must be a non-negative whole number or null, got ${value}`;
      }
    }
  }

  return null;
}

/**
 * Money and project counts each category has used while a rule funds projects one by one.
 * Caps only shrink as projects are funded, so a project that a limit blocks once stays blocked.
 */
export class CategoryLedger {
  /** Indexes into `limits` of the limited categories of each project. */
  private readonly limitsOf: number[][];
  private readonly limits: CategoryLimit[];
  private readonly spent: bigint[];
  private readonly funded: number[];

  constructor(
    limits: readonly CategoryLimit[] | undefined,
    categories: readonly (string | null | undefined)[],
  ) {
    this.limits = (limits ?? []).filter(
      (limit) => limit.maxCost !== null || limit.maxProjects !== null,
    );
    const indexOf = new Map(this.limits.map((limit, index) => [limit.category.trim(), index]));
    this.limitsOf = categories.map((category) =>
      projectCategories(category)
        .map((name) => indexOf.get(name))
        .filter((index): index is number => index !== undefined),
    );
    this.spent = this.limits.map(() => 0n);
    this.funded = this.limits.map(() => 0);
  }

  /** True when some project belongs to a limited category. */
  get active(): boolean {
    return this.limitsOf.some((indexes) => indexes.length > 0);
  }

  /** Limit indexes of `project`'s limited categories. */
  limitIndexes(project: number): readonly number[] {
    return this.limitsOf[project]!;
  }

  limit(index: number): CategoryLimit {
    return this.limits[index]!;
  }

  /** Number of limited categories. */
  get size(): number {
    return this.limits.length;
  }

  /**
   * Returns the limit that funding `project` at `cost` would break now, or null when every
   * limit allows it. A full project count is reported before an exhausted budget.
   */
  blocked(project: number, cost: number | bigint): CategoryBlock | null {
    for (const index of this.limitsOf[project]!) {
      const limit = this.limits[index]!;
      if (limit.maxProjects !== null && this.funded[index]! >= limit.maxProjects) {
        return { reason: 'category-limit-reached', category: limit.category };
      }
    }
    for (const index of this.limitsOf[project]!) {
      const limit = this.limits[index]!;
      if (limit.maxCost !== null && this.spent[index]! + BigInt(cost) > BigInt(limit.maxCost)) {
        return { reason: 'category-budget-exhausted', category: limit.category };
      }
    }

    return null;
  }

  /**
   * Returns the largest cost at which `project` would pass its category limits now: null when
   * no limit caps its cost, -1 when a full project count blocks it at any cost.
   */
  room(project: number): bigint | null {
    if (this.fullCategory(project) !== null) {
      return -1n;
    }
    let room: bigint | null = null;
    for (const index of this.limitsOf[project]!) {
      const limit = this.limits[index]!;
      if (limit.maxCost !== null) {
        const left = BigInt(limit.maxCost) - this.spent[index]!;
        room = room === null || left < room ? left : room;
      }
    }

    return room;
  }

  /**
   * Returns the first of `project`'s categories that already has its maximum number of funded
   * projects, or null when none has.
   */
  fullCategory(project: number): string | null {
    for (const index of this.limitsOf[project]!) {
      const limit = this.limits[index]!;
      if (limit.maxProjects !== null && this.funded[index]! >= limit.maxProjects) {
        return limit.category;
      }
    }

    return null;
  }

  /** Records `project` as funded at `cost`. */
  fund(project: number, cost: number | bigint): void {
    for (const index of this.limitsOf[project]!) {
      this.spent[index] = this.spent[index]! + BigInt(cost);
      this.funded[index] = this.funded[index]! + 1;
    }
  }
}

/** Returns the sentence that explains a limit reason, for explanations. */
export function limitDetail(
  reason: CategoryLimitReason | 'below-minimum',
  facts: {
    category?: string | null;
    limit?: CategoryLimit;
    minSupport?: number;
    unit?: string;
    /** The project's cost in minor units, to tell a cap below that cost from a used-up cap. */
    cost?: number;
  },
): string {
  const maxCost = facts.limit?.maxCost ?? null;
  switch (reason) {
    case 'below-minimum':
      return `below the minimum of ${facts.minSupport} ${facts.unit ?? 'votes'}`;
    case 'category-budget-exhausted':
      if (facts.cost !== undefined && maxCost !== null && facts.cost > maxCost) {
        return `category budget exceeded: its cost of ${facts.cost} minor units alone exceeds the cap of ${maxCost} minor units for category "${facts.category}"`;
      }

      return `category budget exhausted: the projects funded before it leave too little of the ${maxCost} minor units for category "${facts.category}"`;
    case 'category-limit-reached':
      return `category limit reached: category "${facts.category}" already has ${facts.limit?.maxProjects} funded projects`;
  }
}
