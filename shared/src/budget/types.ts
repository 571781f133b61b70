/** Ballot format of an edition, as the pabulib `vote_type` names it. */
export type VoteType = 'approval' | 'choose-1' | 'cumulative' | 'ordinal';

/** Every vote type, in the order the API lists them. */
export const VOTE_TYPES: readonly VoteType[] = ['approval', 'choose-1', 'cumulative', 'ordinal'];

/**
 * Rule that picks the funded projects, as the pabulib `rule` line names it. Pabulib has no
 * name for the last two, which no file in the library uses.
 */
export type BudgetRuleName =
  | 'greedy'
  | 'greedy-no-skip'
  | 'greedy-threshold'
  | 'equalshares'
  | 'equalshares/add1'
  | 'equalshares/add1-comparison'
  | 'sequential-phragmen'
  | 'max-approval';

/** Every supported rule. */
export const BUDGET_RULES: readonly BudgetRuleName[] = [
  'greedy',
  'greedy-no-skip',
  'greedy-threshold',
  'equalshares',
  'equalshares/add1',
  'equalshares/add1-comparison',
  'sequential-phragmen',
  'max-approval',
];

/** Rules that read individual ballots, not only the per-project totals. */
export const BALLOT_RULES: readonly BudgetRuleName[] = [
  'equalshares',
  'equalshares/add1',
  'equalshares/add1-comparison',
  'sequential-phragmen',
];

/** Limits on one approval ballot; `null` means no limit. Costs are in minor currency units. */
export type ApprovalBallotRules = {
  voteType: 'approval';
  minLength: number | null;
  maxLength: number | null;
  maxSumCost: number | null;
};

/** A choose-1 ballot names exactly one project. */
export type ChooseOneBallotRules = { voteType: 'choose-1' };

/** Limits on one cumulative ballot, which spreads points over projects; `null` means no limit. */
export type CumulativeBallotRules = {
  voteType: 'cumulative';
  minLength: number | null;
  maxLength: number | null;
  minSumPoints: number | null;
  maxSumPoints: number | null;
  maxPointsPerProject: number | null;
};

/**
 * Limits on one ordinal ballot, which ranks projects. The project at position `i` (0-based)
 * gets `pointsByPosition[i]` points. With `null` it gets `length - i`: a ballot of three gives
 * 3, 2, 1 (Kraków) and one of five gives 5 down to 1 (Zürich S5R).
 */
export type OrdinalBallotRules = {
  voteType: 'ordinal';
  minLength: number | null;
  maxLength: number | null;
  pointsByPosition: number[] | null;
};

/** Ballot limits of an edition, one shape per vote type. */
export type BallotRules =
  ApprovalBallotRules | ChooseOneBallotRules | CumulativeBallotRules | OrdinalBallotRules;
