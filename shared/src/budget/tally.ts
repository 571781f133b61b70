import type { FundingReason } from './count';
import type { TieBreakOrder } from './tie-break';
import type { BudgetRuleName } from './types';

/** One project in a published tally. Money in minor units. */
export type ProjectTallySnapshot = {
  projectId: string;
  code: string;
  name: string;
  cost: number;
  /** Ballots naming the project. */
  votes: number;
  /** Sum of the points the project received; equals `votes` for approval and choose-1. */
  score: number;
  selected: boolean;
  reason: FundingReason;
  /**
   * 1-based position in the rule's order: support descending then the tie-break for the greedy
   * rules and maximum approval, funding order then support for equal shares and Phragmén.
   */
  rank: number;
};

/**
 * The tally of one budget edition, published on `TALLY_UPDATED` after each ballot. Plain JSON,
 * so `updatedAt` is an ISO 8601 string.
 */
export type TallySnapshot = {
  editionId: string;
  rule: BudgetRuleName;
  tieBreak: TieBreakOrder;
  currency: string;
  budget: number;
  /** Total cost of the selected projects, in minor units. */
  spent: number;
  ballotCount: number;
  /** Every project, in rank order. */
  projects: ProjectTallySnapshot[];
  updatedAt: string;
};
