import {
  equalShares,
  equalSharesAdd1,
  equalSharesAdd1Comparison,
  equalSharesSnapshots,
  type EqualSharesElection,
  type EqualSharesResult,
  type EqualSharesTieBreak,
  type VoterComparison,
} from './equal-shares';
import {
  CategoryLedger,
  limitDetail,
  type CategoryLimit,
  type CategoryLimitReason,
} from './funding-limits';
import { maxApproval } from './max-approval';
import { LimitedKnapsackError, maxApprovalWithLimits } from './max-approval.limits';
import { sequentialPhragmen } from './phragmen';
import { formatRational, rational } from './rational';
import {
  selectProjects,
  type GreedyRuleName,
  type SelectionInput,
  type SelectionResult,
} from './select';
import { equalSharesChange, greedyChange, phragmenChange, type FundingChange } from './sensitivity';
import { compareTied, DEFAULT_TIE_BREAK, type TieBreakOrder, type TieCriterion } from './tie-break';
import { BUDGET_RULES, type BudgetRuleName, type VoteType } from './types';

/** A project's counts that every rule reads. Money in minor units; projects in file order. */
export type CountProject = {
  id: string;
  cost: number;
  votes: number;
  score: number;
  /** Category field, with several categories separated by commas, which category limits read. */
  category?: string | null;
  /** Name that error messages give the project, such as its ballot code; `id` when absent. */
  code?: string | null;
};

/** An edition's facts that the rules read. */
export type CountElection = {
  voteType: VoteType;
  budget: number;
  projects: readonly CountProject[];
  /** Project ids of each ballot; needed by equal shares and Phragmén, ignored by the others. */
  ballots?: readonly (readonly string[])[];
  /**
   * Support a project needs to be funded under every rule: approvals on approval and choose-1
   * ballots, points on cumulative and ordinal ones.
   */
  minProjectScore?: number | null;
  /** Caps on the cost and number of funded projects per category, under every rule. */
  categoryLimits?: readonly CategoryLimit[];
  tieBreak?: TieBreakOrder;
};

/** Reason a rule funded a project or left it out. */
export type FundingReason =
  | 'funded'
  | 'did-not-fit'
  | 'below-threshold'
  | 'shares-ran-out'
  | 'stopped'
  | 'not-in-optimum'
  | 'replaced-by-comparison'
  | 'no-support'
  | CategoryLimitReason;

/** One project's outcome under one rule. */
export type ProjectExplanation = {
  id: string;
  /** 1-based place in the rule's order: funding order first for MES and Phragmén. */
  rank: number;
  /** Round in which MES or Phragmén funded the project; null for other rules and unfunded ones. */
  round: number | null;
  selected: boolean;
  reason: FundingReason;
  /** Budget not yet spent when the project's turn came (at the end, if it had none). */
  budgetLeft: number;
  /** Criterion of a tie-break that decided whether this project was funded, if one did. */
  decidedByTie: TieCriterion | null;
  /** Changes that would have funded it; null for funded projects and when `explain` is off. */
  change: FundingChange | null;
  /** Category whose limit kept the project out, for the two category reasons; else null. */
  category: string | null;
  /**
   * The reason in words when an edition limit kept the project out, such as "below the minimum
   * of 50 votes"; else null.
   */
  detail: string | null;
};

/** A tie settled by the tie-break order. */
export type RuleTieBreak = {
  /** Round for MES and Phragmén, rank for the greedy rules, null for maximum approval. */
  at: number | null;
  /** The project placed first, then the others it tied with. */
  projectIds: string[];
  decidedBy: TieCriterion;
  /** True when the tie changed which projects were funded. */
  decidedSelection: boolean;
};

/** Figures of the equal-shares rules. */
export type EqualSharesDetails = {
  /** Final per-voter share in minor units, as an exact fraction `numerator/denominator`. */
  share: string;
  /** Currency units added to `budget / n` by the add1 completion; 0 for plain MES. */
  unitsAdded: number;
  /** Cost of the first outcome the completion rejected for overspending, if any. */
  nextStepSpent: number | null;
  /** Voters' preferences between MES and greedy, under `equalshares/add1-comparison`. */
  comparison: (VoterComparison & { outcome: 'equal-shares' | 'greedy' }) | null;
};

/** The result of one rule for an edition. */
export type RuleOutcome = {
  rule: BudgetRuleName;
  tieBreak: TieBreakOrder;
  budget: number;
  spent: number;
  /** Funded project ids in the rule's order. */
  selectedIds: string[];
  /** Every project, by rank. */
  projects: ProjectExplanation[];
  tieBreaks: RuleTieBreak[];
  equalShares: EqualSharesDetails | null;
};

/** Options of `countBudget`. */
export type CountOptions = {
  /** Compute `change` for every unfunded project; costs extra reruns of the rule. */
  explain?: boolean;
};

/** Thrown when a rule cannot count an edition's ballots. */
export class RuleNotApplicableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleNotApplicableError';
  }
}

/** Checks whether `value` names a supported rule. */
export function isBudgetRule(value: string): value is BudgetRuleName {
  return (BUDGET_RULES as readonly string[]).includes(value);
}

/**
 * Returns why `rule` cannot count ballots of `voteType`, or null when it can. MES and Phragmén
 * here take approval ballots (a choose-1 ballot is one approval); cumulative and ordinal points
 * are not approvals.
 */
export function ruleProblem(rule: BudgetRuleName, voteType: VoteType): string | null {
  const needsApproval = rule.startsWith('equalshares') || rule === 'sequential-phragmen';
  if (needsApproval && (voteType === 'cumulative' || voteType === 'ordinal')) {
    return `rule ${rule} counts approval or choose-1 ballots, not ${voteType} ones; choose a greedy rule or max-approval`;
  }

  return null;
}

/** Support a rule counts: approvals for approval and choose-1 ballots, points otherwise. */
function supportOf(election: CountElection, project: CountProject): number {
  return election.voteType === 'approval' || election.voteType === 'choose-1'
    ? project.votes
    : project.score;
}

function selectionInputs(election: CountElection): SelectionInput[] {
  return election.projects.map((project) => ({
    id: project.id,
    cost: project.cost,
    support: supportOf(election, project),
    votes: project.votes,
    category: project.category ?? null,
  }));
}

const GREEDY_REASONS = {
  funded: 'funded',
  'does-not-fit': 'did-not-fit',
  'below-threshold': 'below-threshold',
  'after-stop': 'stopped',
  'category-budget-exhausted': 'category-budget-exhausted',
  'category-limit-reached': 'category-limit-reached',
} as const satisfies Record<string, FundingReason>;

function tiedProjects(tieBreaks: RuleTieBreak[]): Map<string, TieCriterion> {
  const decided = new Map<string, TieCriterion>();
  for (const tie of tieBreaks.filter((entry) => entry.decidedSelection)) {
    for (const id of tie.projectIds) {
      decided.set(id, tie.decidedBy);
    }
  }

  return decided;
}

function countGreedy(
  election: CountElection,
  rule: GreedyRuleName,
  tieBreak: TieBreakOrder,
  explain: boolean,
): RuleOutcome {
  const inputs = selectionInputs(election);
  const options = {
    minProjectScore: election.minProjectScore,
    categoryLimits: election.categoryLimits,
    tieBreak,
  };
  const result = selectProjects(inputs, rule, election.budget, options);
  const tieBreaks = greedyTieBreaks(result);
  const decided = tiedProjects(tieBreaks);
  const indexOf = new Map(inputs.map((input, index) => [input.id, index]));

  return {
    rule,
    tieBreak,
    budget: election.budget,
    spent: result.spent,
    selectedIds: result.projects.filter((entry) => entry.selected).map((entry) => entry.id),
    projects: result.projects.map((entry) => ({
      id: entry.id,
      rank: entry.rank,
      round: null,
      selected: entry.selected,
      reason: GREEDY_REASONS[entry.reason],
      budgetLeft: entry.budgetLeft,
      decidedByTie: decided.get(entry.id) ?? null,
      change:
        explain && !entry.selected
          ? greedyChange(inputs, rule, election.budget, options, indexOf.get(entry.id)!)
          : null,
      category: entry.category,
      detail: null,
    })),
    tieBreaks,
    equalShares: null,
  };
}

function greedyTieBreaks(result: SelectionResult): RuleTieBreak[] {
  const rankOf = new Map(result.projects.map((entry) => [entry.id, entry.rank]));

  return result.tieBreaks.map((tie) => ({
    at: rankOf.get(tie.projectIds[0])!,
    projectIds: [...tie.projectIds],
    decidedBy: tie.decidedBy,
    decidedSelection: tie.decidedSelection,
  }));
}

function approvalElection(election: CountElection, tieBreak: TieBreakOrder): EqualSharesElection {
  if (!election.ballots) {
    throw new RangeError('equal shares and Phragmén need the ballots; none were given');
  }

  return {
    projects: election.projects.map((project) => ({
      id: project.id,
      cost: project.cost,
      category: project.category ?? null,
    })),
    ballots: election.ballots,
    budget: election.budget,
    tieBreak,
    limits: {
      minSupport: election.minProjectScore,
      categoryLimits: election.categoryLimits,
    },
  };
}

/** Orders unfunded projects after the funded ones: by support, then by the tie-break. */
function unfundedOrder(election: CountElection, tieBreak: TieBreakOrder, funded: Set<string>) {
  const result = selectProjects(selectionInputs(election), 'greedy', 0, { tieBreak });

  return result.projects.map((entry) => entry.id).filter((id) => !funded.has(id));
}

function roundTieBreak(tie: EqualSharesTieBreak): RuleTieBreak {
  return {
    at: tie.round,
    projectIds: tie.projectIds,
    decidedBy: tie.decidedBy,
    decidedSelection: tie.decidedSelection,
  };
}

type RoundRecord = { id: string; round: number; budgetLeft: number };

/** Reason an unfunded project was left out, with the category for the category reasons. */
type Unfunded = { reason: FundingReason; category: string | null };

/** Returns whether the edition's minimum keeps a project out. */
function belowMinimum(election: CountElection, project: CountProject): boolean {
  return supportOf(election, project) < (election.minProjectScore ?? 0);
}

/**
 * Replays the category limits over the funded projects, in funding order. Returns the largest
 * cost each project's limits allow after the first `step` of them (null for no cap, -1 for a
 * full project count), the category whose project count is full then, and the limit that
 * blocks each unfunded project at the end.
 */
function categoryReplay(election: CountElection, fundedIds: readonly string[]) {
  const ledger = new CategoryLedger(
    election.categoryLimits,
    election.projects.map((project) => project.category),
  );
  const indexOf = new Map(election.projects.map((project, index) => [project.id, index]));
  const rooms: (bigint | null)[][] = [];
  const fullCategories: (string | null)[][] = [];
  const snapshot = () => {
    rooms.push(election.projects.map((_, index) => ledger.room(index)));
    fullCategories.push(election.projects.map((_, index) => ledger.fullCategory(index)));
  };
  if (ledger.active) {
    snapshot();
    for (const id of fundedIds) {
      const index = indexOf.get(id)!;
      ledger.fund(index, election.projects[index]!.cost);
      snapshot();
    }
  }

  return {
    roomAt: (project: number, step: number): bigint | null =>
      ledger.active ? rooms[step]![project]! : null,
    fullCategoryAt: (project: number, step: number): string | null =>
      ledger.active ? fullCategories[step]![project]! : null,
    blockAtEnd: (project: number) => ledger.blocked(project, election.projects[project]!.cost),
  };
}

/**
 * Reason for an unfunded project of an approval-based rule, from the edition's limits, or null
 * when none applies. A cap that blocks the project at the end is reported even when its
 * supporters' money ran out first, since either keeps it out.
 */
function limitReason(
  election: CountElection,
  replay: ReturnType<typeof categoryReplay>,
  index: number,
): Unfunded | null {
  const project = election.projects[index]!;
  if (project.votes === 0) {
    return { reason: 'no-support', category: null };
  }
  if (belowMinimum(election, project)) {
    return { reason: 'below-threshold', category: null };
  }
  const block = replay.blockAtEnd(index);

  return block ? { reason: block.reason, category: block.category } : null;
}

function roundOutcome(
  election: CountElection,
  rule: BudgetRuleName,
  tieBreak: TieBreakOrder,
  funded: RoundRecord[],
  spent: number,
  tieBreaks: RuleTieBreak[],
  unfundedReason: (id: string) => Unfunded,
  change: ((index: number) => FundingChange) | null,
): RuleOutcome {
  const fundedIds = new Set(funded.map((entry) => entry.id));
  const decided = tiedProjects(tieBreaks);
  const indexOf = new Map(election.projects.map((project, index) => [project.id, index]));
  const rest = unfundedOrder(election, tieBreak, fundedIds);
  const projects: ProjectExplanation[] = [
    ...funded.map((entry, index) => ({
      id: entry.id,
      rank: index + 1,
      round: entry.round,
      selected: true,
      reason: 'funded' as const,
      budgetLeft: entry.budgetLeft,
      decidedByTie: decided.get(entry.id) ?? null,
      change: null,
      category: null,
      detail: null,
    })),
    ...rest.map((id, index) => ({
      id,
      rank: funded.length + index + 1,
      round: null,
      selected: false,
      ...unfundedReason(id),
      budgetLeft: election.budget - spent,
      decidedByTie: decided.get(id) ?? null,
      change: change ? change(indexOf.get(id)!) : null,
      detail: null,
    })),
  ];

  return {
    rule,
    tieBreak,
    budget: election.budget,
    spent,
    selectedIds: funded.map((entry) => entry.id),
    projects,
    tieBreaks,
    equalShares: null,
  };
}

function equalSharesRounds(budget: number, result: EqualSharesResult): RoundRecord[] {
  let left = budget;

  return result.funded.map((entry) => {
    const record = { id: entry.id, round: entry.round, budgetLeft: left };
    left -= entry.cost;

    return record;
  });
}

function countEqualShares(
  election: CountElection,
  rule: 'equalshares' | 'equalshares/add1' | 'equalshares/add1-comparison',
  tieBreak: TieBreakOrder,
  explain: boolean,
): RuleOutcome {
  const input = approvalElection(election, tieBreak);
  const voters = input.ballots.length;
  if (voters === 0) {
    // A share of budget / 0 is undefined; before the first ballot nothing is funded.
    return roundOutcome(
      election,
      rule,
      tieBreak,
      [],
      0,
      [],
      () => ({ reason: 'no-support', category: null }),
      null,
    );
  }
  const comparison =
    rule === 'equalshares/add1-comparison' ? equalSharesAdd1Comparison(input) : null;
  const result =
    comparison?.equalShares ??
    (rule === 'equalshares'
      ? {
          ...equalShares({ ...input, share: rational(input.budget, voters) }),
          unitsAdded: 0,
          nextStep: null,
        }
      : equalSharesAdd1(input));
  const details: EqualSharesDetails = {
    share: formatRational(result.share),
    unitsAdded: result.unitsAdded,
    nextStepSpent: result.nextStep?.spent ?? null,
    comparison: comparison ? { ...comparison.voters, outcome: comparison.outcome } : null,
  };
  const equalSharesIds = new Set(result.funded.map((entry) => entry.id));

  if (comparison?.outcome === 'greedy') {
    const greedy = countGreedy(election, 'greedy', tieBreak, explain);
    const projects = greedy.projects.map((entry): ProjectExplanation =>
      !entry.selected && equalSharesIds.has(entry.id)
        ? { ...entry, reason: 'replaced-by-comparison' }
        : entry,
    );

    return { ...greedy, rule, projects, equalShares: details };
  }

  const indexOf = new Map(election.projects.map((project, index) => [project.id, index]));
  const replay = categoryReplay(
    election,
    result.funded.map((entry) => entry.id),
  );
  const shareNote =
    result.unitsAdded > 0
      ? `the cost is computed at the final share ${details.share}; a different cost can also move where the add1 completion stops`
      : `the cost is computed at the share ${details.share}`;
  const snapshots = explain ? equalSharesSnapshots({ ...input, share: result.share }) : null;
  const outcome = roundOutcome(
    election,
    rule,
    tieBreak,
    equalSharesRounds(election.budget, result),
    result.spent,
    result.tieBreaks.map(roundTieBreak),
    (id) =>
      limitReason(election, replay, indexOf.get(id)!) ?? {
        reason: 'shares-ran-out',
        category: null,
      },
    snapshots
      ? (index) =>
          belowMinimum(election, election.projects[index]!)
            ? {
                additionalSupport: null,
                maxCostToFund: null,
                note: `its support is below the minimum of ${election.minProjectScore}, so no cost funds it; more votes is not computable: each added voter changes every share B/n and so every round`,
              }
            : equalSharesChange(snapshots, index, shareNote, {
                roomAt: (step) => replay.roomAt(index, step),
                fullCategoryAt: (step) => replay.fullCategoryAt(index, step),
              })
      : null,
  );

  return { ...outcome, equalShares: details };
}

function countPhragmen(
  election: CountElection,
  tieBreak: TieBreakOrder,
  explain: boolean,
): RuleOutcome {
  const result = sequentialPhragmen(approvalElection(election, tieBreak));
  const dropped = new Map(result.dropped.map((entry) => [entry.id, entry]));
  const indexOf = new Map(election.projects.map((project, index) => [project.id, index]));
  const replay = categoryReplay(
    election,
    result.funded.map((entry) => entry.id),
  );

  return roundOutcome(
    election,
    'sequential-phragmen',
    tieBreak,
    result.funded,
    result.spent,
    result.tieBreaks.map(roundTieBreak),
    (id) => {
      const entry = dropped.get(id);

      return entry
        ? { reason: entry.reason, category: entry.category }
        : (limitReason(election, replay, indexOf.get(id)!) ?? {
            reason: 'no-support',
            category: null,
          });
    },
    explain
      ? (index) =>
          phragmenChange(result, election.budget, index, {
            roomAt: (step) => replay.roomAt(index, step),
            minSupport: election.minProjectScore,
          })
      : null,
  );
}

/** Runs the knapsack on the projects that reach the minimum, with or without category caps. */
function solveMaxApproval(
  election: CountElection,
  eligible: SelectionInput[],
  tieBreak: TieBreakOrder,
  explain: boolean,
) {
  const categories = eligible.map((input) => input.category);
  if (new CategoryLedger(election.categoryLimits, categories).active) {
    try {
      const codeOf = new Map(election.projects.map((project) => [project.id, project.code]));
      const result = maxApprovalWithLimits(
        eligible.map((input) => ({ ...input, code: codeOf.get(input.id) ?? null })),
        election.budget,
        election.categoryLimits ?? [],
        categories,
        { tieBreak, explain },
      );

      return { ...result, limited: true };
    } catch (error) {
      if (error instanceof LimitedKnapsackError) {
        throw new RuleNotApplicableError(error.message);
      }
      throw error;
    }
  }

  return {
    ...maxApproval(eligible, election.budget, tieBreak),
    sensitivityComputed: true,
    limited: false,
  };
}

function countMaxApproval(
  election: CountElection,
  tieBreak: TieBreakOrder,
  explain: boolean,
): RuleOutcome {
  const inputs = selectionInputs(election);
  const minimum = election.minProjectScore ?? 0;
  const eligible = inputs.filter((input) => input.support >= minimum);
  const result = solveMaxApproval(election, eligible, tieBreak, explain);
  const funded = new Set(result.selectedIds);
  const rest = unfundedOrder(election, tieBreak, funded);
  const ids = [...result.selectedIds, ...rest];
  const supportById = new Map(inputs.map((input) => [input.id, input.support]));
  const indexOf = new Map(inputs.map((input, index) => [input.id, index]));
  const replay = categoryReplay(election, result.selectedIds);
  // NOTE: the knapsack records which funded projects a tie decided but not the criterion, so
  // the first criterion of the order is reported.
  const criterion = compareTied(
    tieBreak,
    { cost: 0, votes: 1, support: 1, position: 0 },
    { cost: 1, votes: 0, support: 0, position: 1 },
  ).decidedBy!;
  const tieBreaks: RuleTieBreak[] =
    result.tieDecidedIds.length > 0
      ? [
          {
            at: null,
            projectIds: result.tieDecidedIds,
            decidedBy: criterion,
            decidedSelection: true,
          },
        ]
      : [];
  const decided = tiedProjects(tieBreaks);
  const unfundedOf = (id: string): Unfunded => {
    const support = supportById.get(id)!;
    if (support === 0) {
      return { reason: 'no-support', category: null };
    }
    if (support < minimum) {
      return { reason: 'below-threshold', category: null };
    }
    const block = replay.blockAtEnd(indexOf.get(id)!);

    return block
      ? { reason: block.reason, category: block.category }
      : { reason: 'not-in-optimum', category: null };
  };
  const changeOf = (id: string): FundingChange => {
    const support = supportById.get(id)!;
    if (support > 0 && support < minimum) {
      return {
        additionalSupport: null,
        maxCostToFund: null,
        note: `its support is below the minimum of ${minimum}, so no cost funds it; it needs at least ${minimum - support} more before the optimum can include it`,
      };
    }
    if (!result.sensitivityComputed) {
      return {
        additionalSupport: null,
        maxCostToFund: null,
        note: 'not computed: with category limits the reruns would exceed the work limit',
      };
    }
    const sensitivity = result.sensitivity.get(id);

    return {
      additionalSupport: sensitivity?.additionalSupport ?? null,
      maxCostToFund: sensitivity?.maxCostToFund ?? null,
      note:
        sensitivity && sensitivity.additionalSupport === null
          ? result.limited
            ? 'it costs more than the whole budget or its category cap allows, or its category has no room for another project, so no support funds it'
            : 'it costs more than the whole budget, so no support funds it'
          : null,
    };
  };

  return {
    rule: 'max-approval',
    tieBreak,
    budget: election.budget,
    spent: result.spent,
    selectedIds: result.selectedIds,
    projects: ids.map((id, index) => {
      const selected = funded.has(id);
      const unfunded = selected ? { reason: 'funded' as const, category: null } : unfundedOf(id);

      return {
        id,
        rank: index + 1,
        round: null,
        selected,
        ...unfunded,
        budgetLeft: election.budget - result.spent,
        decidedByTie: decided.get(id) ?? null,
        change: explain && !selected ? changeOf(id) : null,
        detail: null,
      };
    }),
    tieBreaks,
    equalShares: null,
  };
}

/**
 * Counts an edition under `rule` and explains every project. Throws a `RuleNotApplicableError`
 * when the rule cannot count the edition's ballot format, and a `RangeError` for invalid input.
 */
export function countBudget(
  election: CountElection,
  rule: BudgetRuleName,
  options: CountOptions = {},
): RuleOutcome {
  const problem = ruleProblem(rule, election.voteType);
  if (problem) {
    throw new RuleNotApplicableError(problem);
  }
  const tieBreak = election.tieBreak ?? DEFAULT_TIE_BREAK;
  const explain = options.explain ?? false;

  return withLimitDetails(election, countRule(election, rule, tieBreak, explain));
}

function countRule(
  election: CountElection,
  rule: BudgetRuleName,
  tieBreak: TieBreakOrder,
  explain: boolean,
): RuleOutcome {
  switch (rule) {
    case 'greedy':
    case 'greedy-no-skip':
    case 'greedy-threshold':
      return countGreedy(election, rule, tieBreak, explain);
    case 'equalshares':
    case 'equalshares/add1':
    case 'equalshares/add1-comparison':
      return countEqualShares(election, rule, tieBreak, explain);
    case 'sequential-phragmen':
      return countPhragmen(election, tieBreak, explain);
    case 'max-approval':
      return countMaxApproval(election, tieBreak, explain);
  }
}

/** Fills `detail` for the projects an edition limit kept out. */
function withLimitDetails(election: CountElection, outcome: RuleOutcome): RuleOutcome {
  const limits = new Map((election.categoryLimits ?? []).map((limit) => [limit.category, limit]));
  const unit =
    election.voteType === 'approval' || election.voteType === 'choose-1' ? 'votes' : 'points';
  const costOf = new Map(election.projects.map((project) => [project.id, project.cost]));
  const detailOf = (entry: ProjectExplanation): string | null => {
    switch (entry.reason) {
      case 'below-threshold':
        return limitDetail('below-minimum', { minSupport: election.minProjectScore ?? 0, unit });
      case 'category-budget-exhausted':
      case 'category-limit-reached':
        return limitDetail(entry.reason, {
          category: entry.category,
          limit: limits.get(entry.category ?? ''),
          cost: costOf.get(entry.id),
        });
      default:
        return null;
    }
  };

  return {
    ...outcome,
    projects: outcome.projects.map((entry) => ({ ...entry, detail: detailOf(entry) })),
  };
}

/** One rule's column in a what-if comparison: its outcome, or why it could not count. */
export type RuleComparison = {
  rule: BudgetRuleName;
  outcome: RuleOutcome | null;
  problem: string | null;
};

/**
 * Counts an edition under every rule side by side, optionally with another budget. A rule that
 * cannot count the edition's ballots is listed with `problem` instead of an outcome.
 */
export function compareRules(
  election: CountElection,
  options: { budget?: number; explain?: boolean } = {},
): RuleComparison[] {
  const changed = { ...election, budget: options.budget ?? election.budget };

  return BUDGET_RULES.map((rule) => {
    try {
      return { rule, outcome: countBudget(changed, rule, options), problem: null };
    } catch (error) {
      if (error instanceof RuleNotApplicableError) {
        return { rule, outcome: null, problem: error.message };
      }
      throw error;
    }
  });
}
