import type { QuestionResultSnapshot } from './questionnaire-results';

/** A participant's reaction to one consultation statement. */
export type StatementVoteValue = 'AGREE' | 'DISAGREE' | 'PASS';

/** Every statement vote value, in the order results list them. */
export const STATEMENT_VOTE_VALUES = [
  'AGREE',
  'DISAGREE',
  'PASS',
] as const satisfies readonly StatementVoteValue[];

/**
 * Moderation of a statement. Only ACCEPTED statements are shown and voted on. The API never
 * publishes the text of the others (spam, tests, abuse, or not yet reviewed). A statement a
 * participant adds starts PENDING.
 */
export type ModerationState = 'ACCEPTED' | 'PENDING' | 'REJECTED';

/** Every moderation state. */
export const MODERATION_STATES = [
  'ACCEPTED',
  'PENDING',
  'REJECTED',
] as const satisfies readonly ModerationState[];

/** Tells whether a statement in this state is public: its text is shown and it accepts votes. */
export function isStatementPublic(moderation: ModerationState): boolean {
  switch (moderation) {
    case 'ACCEPTED':
      return true;
    case 'PENDING':
    case 'REJECTED':
      return false;
  }
}

/**
 * Results of one accepted statement. The plain counts follow each participant's latest vote,
 * so a changed vote moves from one count to another. The `...Events` counts include every vote
 * ever cast, re-votes too, which is what Polis exports report as `agrees`/`disagrees`.
 */
export type StatementResultSnapshot = {
  statementId: string;
  /** Statement code within its consultation (the Polis comment id for imports). */
  code: string;
  /** Statement text, or null unless the statement is ACCEPTED. */
  text: string | null;
  agree: number;
  disagree: number;
  pass: number;
  agreeEvents: number;
  disagreeEvents: number;
  passEvents: number;
};

/**
 * Results of one consultation after a vote, as published on the live topic. Plain JSON: dates
 * are ISO 8601 strings.
 */
export type ConsultationResultsSnapshot = {
  consultationId: string;
  /** Distinct participants who voted on any statement of the consultation, moderated or not. */
  participants: number;
  /** Every vote event on any statement of the consultation, re-votes included. */
  voteEvents: number;
  /** ACCEPTED statements only, in the order they were created. */
  statements: StatementResultSnapshot[];
  /** Participants who submitted the questionnaire, or null when fewer than the minimum count. */
  respondents: number | null;
  /** Results of every questionnaire question, in display order. */
  questions: QuestionResultSnapshot[];
  /** Questionnaire respondents per district against the district population. */
  turnout: DistrictTurnoutSnapshot[];
  /** Time of the latest vote or questionnaire submission, or of the creation before any (ISO 8601). */
  updatedAt: string;
};

/** Questionnaire respondents of one district against its population. */
export type DistrictTurnoutSnapshot = {
  /** District name from the participant register, or null for respondents outside the area or register. */
  district: string | null;
  /** Population set for the consultation, or null when unknown. */
  population: number | null;
  /** Respondents from the district, or null when above 0 and below the minimum aggregate count. */
  participants: number | null;
  /** `participants` divided by `population`, or null when either is null. */
  turnout: number | null;
};
