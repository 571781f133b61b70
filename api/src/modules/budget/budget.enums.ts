import { registerEnumType } from 'type-graphql';
import type { BudgetRuleName, VoteType } from '@ratusz/shared';

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
} as const satisfies Record<string, BudgetRuleName>;

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
