/**
 * Shapes of the API responses the dashboard reads, written from the GraphQL schema of the API.
 * Only the selected fields are listed. Amounts are integer minor units (1/100 of the currency).
 */

import type {
  ConsultationPhase,
  DistrictTurnoutSnapshot,
  ProjectTallySnapshot,
  QuestionResultSnapshot,
  QuestionType,
  ResultsPolicy,
  StatementResultSnapshot,
} from '@ratusz/shared';

export type Connection<T> = { totalCount?: number; edges: { node: T }[] };

export type Jurisdiction = { id: string; code: string; name: string };

export type Category = { id: string; code: string; name: string };

export type District = { id: string; code: string; name: string };

export type PriorityEntry = {
  rank: number;
  category: Category;
  score: number;
  caseCount: number;
  openCount: number;
  recentCount: number;
  meanOpenAgeDays: number;
};

export type DistrictPriorities = { district: District | null; entries: PriorityEntry[] };

export type PriorityRanking = {
  asOf: string;
  formula: string;
  halfLifeDays: number;
  districts: DistrictPriorities[];
};

export type GeoExtent = {
  minLatitude: number;
  minLongitude: number;
  maxLatitude: number;
  maxLongitude: number;
};

export type HeatmapCell = { h3Index: string; count: number };

export type CaseHeatmap = {
  resolution: number;
  cells: HeatmapCell[];
  totalCases: number;
  casesWithoutLocation: number;
  suppressedCells: number;
  suppressedCases: number;
  minCount: number;
  extent: GeoExtent | null;
};

export type BudgetRule =
  | 'GREEDY'
  | 'GREEDY_NO_SKIP'
  | 'GREEDY_THRESHOLD'
  | 'EQUAL_SHARES'
  | 'EQUAL_SHARES_ADD1'
  | 'EQUAL_SHARES_ADD1_COMPARISON'
  | 'SEQUENTIAL_PHRAGMEN'
  | 'MAX_APPROVAL';

export type VoteType = 'APPROVAL' | 'CHOOSE_ONE' | 'CUMULATIVE' | 'ORDINAL';

/**
 * One project's votes and outcome, as the API's `ProjectTally` type returns it, without the
 * `reason` field, which the dashboard does not request.
 */
export type ProjectTally = Omit<ProjectTallySnapshot, 'reason'>;

export type Tally = {
  editionId: string;
  rule: BudgetRule;
  currency: string;
  budget: number;
  spent: number;
  ballotCount: number;
  projects: ProjectTally[];
  updatedAt: string;
};

export type BudgetEditionSummary = {
  id: string;
  name: string;
  country: string | null;
  unit: string | null;
  subunit: string | null;
  currency: string;
  budget: number;
};

export type BudgetEdition = BudgetEditionSummary & {
  description: string | null;
  voteType: VoteType;
  rule: BudgetRule;
  /** Null while the edition's counts are under embargo. */
  tally: Tally | null;
};

/** One statement's counts, exactly as the API's `StatementResult` type returns it. */
export type StatementResult = StatementResultSnapshot;

export type ConsultationResults = {
  consultationId: string;
  participants: number;
  voteEvents: number;
  statements: StatementResult[];
  respondents: number | null;
  questions: QuestionResultSnapshot[];
  turnout: DistrictTurnoutSnapshot[];
  updatedAt: string;
};

/** Opinion groups of a consultation, as the consultation page shows them. */
export type OpinionGroups = {
  groupCount: number;
  clusteredParticipants: number;
  excludedParticipants: number;
  groups: {
    index: number;
    size: number;
    representativeStatements: {
      code: string;
      direction: 'AGREE' | 'DISAGREE';
      groupShare: number;
    }[];
  }[];
};

/** A questionnaire question as the consultation page shows it. */
export type ConsultationQuestion = { code: string; type: QuestionType; prompt: string };

export type ConsultationSummary = { id: string; title: string; source: string | null };

export type Consultation = ConsultationSummary & {
  description: string | null;
  phase: ConsultationPhase;
  resultsPolicy: ResultsPolicy;
  questions: ConsultationQuestion[];
  /** Null while the results policy hides every count. */
  results: ConsultationResults | null;
  /** Null while the results policy hides every count. */
  opinionGroups: OpinionGroups | null;
};
