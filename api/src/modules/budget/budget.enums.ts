import { registerEnumType } from 'type-graphql';
import type {
  BudgetRuleName,
  FundingReason,
  TieBreakOrder,
  TieCriterion,
  VoteType,
} from '@ratusz/shared';

/** GraphQL names of the vote types; the values are the shared (pabulib) spellings. */
export const VoteTypeEnum = {
  APPROVAL: 'approval',
  CHOOSE_ONE: 'choose-1',
  CUMULATIVE: 'cumulative',
  ORDINAL: 'ordinal',
} as const satisfies Record<string, VoteType>;

/** GraphQL names of the selection rules; the values are the shared (pabulib) spellings. */
export const BudgetRuleEnum = {
  GREEDY: 'greedy',
  GREEDY_NO_SKIP: 'greedy-no-skip',
  GREEDY_THRESHOLD: 'greedy-threshold',
  EQUAL_SHARES: 'equalshares',
  EQUAL_SHARES_ADD1: 'equalshares/add1',
  EQUAL_SHARES_ADD1_COMPARISON: 'equalshares/add1-comparison',
  SEQUENTIAL_PHRAGMEN: 'sequential-phragmen',
  MAX_APPROVAL: 'max-approval',
} as const satisfies Record<string, BudgetRuleName>;

/** GraphQL names of the tie-break orders; the values are the shared spellings. */
export const TieBreakEnum = {
  LOWER_COST_FIRST: 'lower-cost-first',
  MORE_VOTES_FIRST: 'more-votes-first',
  FILE_ORDER: 'file-order',
} as const satisfies Record<string, TieBreakOrder>;

/** GraphQL names of the tie-break criteria. */
export const TieCriterionEnum = {
  COST: 'cost',
  VOTES: 'votes',
  SUPPORT: 'support',
  FILE_ORDER: 'file-order',
} as const satisfies Record<string, TieCriterion>;

/** GraphQL names of the reasons a rule funded a project or left it out. */
export const FundingReasonEnum = {
  FUNDED: 'funded',
  DID_NOT_FIT: 'did-not-fit',
  BELOW_THRESHOLD: 'below-threshold',
  SHARES_RAN_OUT: 'shares-ran-out',
  STOPPED: 'stopped',
  NOT_IN_OPTIMUM: 'not-in-optimum',
  REPLACED_BY_COMPARISON: 'replaced-by-comparison',
  NO_SUPPORT: 'no-support',
  CATEGORY_BUDGET_EXHAUSTED: 'category-budget-exhausted',
  CATEGORY_LIMIT_REACHED: 'category-limit-reached',
} as const satisfies Record<string, FundingReason>;

/** Way a ballot reached the city. */
export type BallotChannel = 'INTERNET' | 'PAPER' | 'IMPORT';

/** GraphQL names of the ballot channels. */
export const BallotChannelEnum = {
  INTERNET: 'INTERNET',
  PAPER: 'PAPER',
  IMPORT: 'IMPORT',
} as const satisfies Record<string, BallotChannel>;

registerEnumType(VoteTypeEnum, {
  name: 'VoteType',
  description: 'Ballot format of a budget edition.',
  valuesConfig: {
    APPROVAL: { description: 'Voters approve any number of projects within the limits.' },
    CHOOSE_ONE: { description: 'Voters choose exactly one project.' },
    CUMULATIVE: { description: 'Voters spread points over projects.' },
    ORDINAL: { description: 'Voters rank projects; a higher position earns more points.' },
  },
});

registerEnumType(BudgetRuleEnum, {
  name: 'BudgetRule',
  description: 'Rule that picks the funded projects from the tally.',
  valuesConfig: {
    GREEDY: { description: 'Fund projects by decreasing support, skipping those that do not fit.' },
    GREEDY_NO_SKIP: { description: 'Fund projects by decreasing support until one does not fit.' },
    GREEDY_THRESHOLD: {
      description: 'Greedy among projects whose support reaches the minimum score.',
    },
    EQUAL_SHARES: {
      description:
        'Method of Equal Shares: every voter gets budget / voters and pays for approved projects, cheapest price per unit of value first.',
    },
    EQUAL_SHARES_ADD1: {
      description:
        'Equal shares, then the share is raised one currency unit at a time while the outcome stays within the budget.',
    },
    EQUAL_SHARES_ADD1_COMPARISON: {
      description:
        'EQUAL_SHARES_ADD1, replaced by GREEDY when strictly more voters have more approved projects funded under GREEDY.',
    },
    SEQUENTIAL_PHRAGMEN: {
      description:
        'Sequential Phragmén: voters earn money at equal rates and buy the approved project they can afford earliest that fits the budget.',
    },
    MAX_APPROVAL: {
      description:
        'The set of projects with the largest total support (approvals or points) that fits in the budget, solved exactly.',
    },
  },
});

registerEnumType(TieBreakEnum, {
  name: 'TieBreak',
  description: 'Order that settles ties between projects a rule ranks equally.',
  valuesConfig: {
    LOWER_COST_FIRST: {
      description: 'Lower cost first, then more support, then source order. The default.',
    },
    MORE_VOTES_FIRST: {
      description: 'More ballots naming the project first, then lower cost, then source order.',
    },
    FILE_ORDER: { description: 'Earlier in the source order first.' },
  },
});

registerEnumType(TieCriterionEnum, {
  name: 'TieCriterion',
  description: 'Criterion of the tie-break order that separated two tied projects.',
  valuesConfig: {
    COST: { description: 'The cost.' },
    VOTES: { description: 'The number of ballots naming the project.' },
    SUPPORT: {
      description: 'The support: approvals, or points on cumulative and ordinal ballots.',
    },
    FILE_ORDER: { description: 'The source order.' },
  },
});

registerEnumType(FundingReasonEnum, {
  name: 'FundingReason',
  description: 'Why a rule funded a project or left it out.',
  valuesConfig: {
    FUNDED: { description: 'The rule funded the project.' },
    DID_NOT_FIT: { description: 'Its cost exceeded the money left when its turn came.' },
    BELOW_THRESHOLD: {
      description: "Its support was below the edition's minimum (minProjectScore).",
    },
    SHARES_RAN_OUT: {
      description: 'Under equal shares, its supporters no longer held enough money to pay for it.',
    },
    STOPPED: { description: 'GREEDY_NO_SKIP stopped at an earlier project that did not fit.' },
    NOT_IN_OPTIMUM: { description: 'The set with the largest total support leaves it out.' },
    REPLACED_BY_COMPARISON: {
      description: 'Equal shares funded it, but the comparison chose the greedy outcome.',
    },
    NO_SUPPORT: { description: 'No ballot approved it.' },
    CATEGORY_BUDGET_EXHAUSTED: {
      description: 'Funding it would have taken its category over the category budget cap.',
    },
    CATEGORY_LIMIT_REACHED: {
      description: 'Its category already had the maximum number of funded projects.',
    },
  },
});

registerEnumType(BallotChannelEnum, {
  name: 'BallotChannel',
  description: 'Way a ballot reached the city.',
  valuesConfig: {
    INTERNET: { description: 'Cast online.' },
    PAPER: { description: 'Cast on paper and entered by staff.' },
    IMPORT: { description: 'Imported from a published file that does not say how it was cast.' },
  },
});

/** Stage of a budget edition, in the order an edition passes through them. */
export type BudgetPhase =
  | 'SUBMISSION'
  | 'REVIEW'
  | 'VOTING'
  | 'COUNTING'
  | 'RESULTS'
  | 'IMPLEMENTATION';

/** GraphQL names of the budget phases. */
export const BudgetPhaseEnum = {
  SUBMISSION: 'SUBMISSION',
  REVIEW: 'REVIEW',
  VOTING: 'VOTING',
  COUNTING: 'COUNTING',
  RESULTS: 'RESULTS',
  IMPLEMENTATION: 'IMPLEMENTATION',
} as const satisfies Record<string, BudgetPhase>;

registerEnumType(BudgetPhaseEnum, {
  name: 'BudgetPhase',
  description: 'Stage of a budget edition; an edition moves through them in this order.',
  valuesConfig: {
    SUBMISSION: { description: 'Residents submit project proposals.' },
    REVIEW: { description: 'City staff check the proposals for feasibility and cost.' },
    VOTING: { description: 'Residents cast ballots.' },
    COUNTING: { description: 'Voting is closed and the ballot set is committed.' },
    RESULTS: { description: 'The outcome is final; imported past votes start here.' },
    IMPLEMENTATION: { description: 'The city carries out the funded projects.' },
  },
});
