import type {
  ConsultationAudience,
  ConsultationPhase,
  KeywordLanguage,
  ResultsPolicy,
  ConsultationResultsSnapshot,
  ModerationState,
  StatementResultSnapshot,
  StatementVoteValue,
  VerificationLevel,
} from '@ratusz/shared';
import { isStatementPublic } from '@ratusz/shared';
import {
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  ObjectType,
  registerEnumType,
} from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { VerificationLevelEnum } from '../accounts/account.types';
import {
  ConsultationAudienceEnum,
  ConsultationPhaseEnum,
  DistrictPopulation,
  ResultsPolicyEnum,
  TextLanguageEnum,
} from './consultation-phase.enums';
import { canShowResults, currentPhase } from './consultation-policy';
import type { Consultation } from './consultation.entity';
import {
  DistrictTurnout,
  QuestionResult,
  toDistrictTurnout,
  toQuestionResult,
} from './questionnaire.types';
import type { Statement } from './statement.entity';

/** GraphQL enum object for `ModerationState`. */
export const ModerationStateEnum: Record<ModerationState, ModerationState> = {
  ACCEPTED: 'ACCEPTED',
  PENDING: 'PENDING',
  REJECTED: 'REJECTED',
};
registerEnumType(ModerationStateEnum, {
  name: 'ModerationState',
  description: 'Moderation of a statement. Only ACCEPTED statements are public and take votes.',
  valuesConfig: {
    ACCEPTED: { description: 'Approved by a moderator: shown and open to votes.' },
    PENDING: { description: 'Not reviewed yet: its text is hidden and it takes no votes.' },
    REJECTED: { description: 'Rejected by a moderator (spam, tests, abuse): its text is hidden.' },
  },
});

/** GraphQL enum object for `StatementVoteValue`. */
export const StatementVoteValueEnum: Record<StatementVoteValue, StatementVoteValue> = {
  AGREE: 'AGREE',
  DISAGREE: 'DISAGREE',
  PASS: 'PASS',
};
registerEnumType(StatementVoteValueEnum, {
  name: 'StatementVoteValue',
  description: "A participant's reaction to a statement.",
  valuesConfig: {
    AGREE: { description: 'The participant agrees with the statement.' },
    DISAGREE: { description: 'The participant disagrees with the statement.' },
    PASS: { description: 'The participant saw the statement and chose not to take a side.' },
  },
});

@ObjectType('Statement', { description: 'A short statement participants agree or disagree with.' })
export class StatementNode {
  @Field(() => ID, { description: 'Id of the statement.' })
  id!: string;

  @Field(() => String, {
    description: 'Code unique within the consultation, such as the Polis comment id.',
  })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Text of the statement, or null unless it is ACCEPTED.',
  })
  text!: string | null;

  @Field(() => ModerationStateEnum, { description: 'Moderation state of the statement.' })
  moderation!: ModerationState;

  @Field(() => GraphQLISODateTime, { description: 'When the statement was submitted.' })
  createdAt!: Date;
}

@ObjectType('Consultation', {
  description:
    'A question put to residents, answered through a questionnaire and by voting on statements.',
})
export class ConsultationNode {
  @Field(() => ID, { description: 'Id of the consultation.' })
  id!: string;

  @Field(() => String, { description: 'Title or question of the consultation.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Longer explanation shown with the title.' })
  description!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Origin, such as the URL of an imported Polis conversation.',
  })
  source!: string | null;

  @Field(() => ConsultationPhaseEnum, {
    description: 'Phase in force now, with closesAt and resultsPublishAt applied.',
  })
  phase!: ConsultationPhase;

  @Field(() => ResultsPolicyEnum, { description: 'When counts become public.' })
  resultsPolicy!: ResultsPolicy;

  @Field(() => Boolean, { description: 'Whether counts are public now under the results policy.' })
  resultsVisible!: boolean;

  @Field(() => ConsultationAudienceEnum, { description: 'Who may take part.' })
  audience!: ConsultationAudience;

  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description:
      "Minimum verification level of the participant's resident account; null when the audience alone decides.",
  })
  requiredVerification!: VerificationLevel | null;

  @Field(() => TextLanguageEnum, {
    description: 'Language of the open-text answers, for keywords and topics.',
  })
  language!: KeywordLanguage;

  @Field(() => [String], { description: 'Target districts; empty for the whole city.' })
  districts!: string[];

  @Field(() => [DistrictPopulation], { description: 'District populations set for turnout.' })
  districtPopulations!: DistrictPopulation[];

  @Field(() => Boolean, {
    description: 'Whether participants may change their questionnaire answers until the close.',
  })
  allowSubmissionEdits!: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the consultation closes by itself, if scheduled.',
  })
  closesAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When results are published by themselves after the close, if scheduled.',
  })
  resultsPublishAt!: Date | null;
}

@ObjectType({ description: 'Vote counts of one ACCEPTED statement.' })
export class StatementResult {
  @Field(() => ID, { description: 'Id of the statement.' })
  statementId!: string;

  @Field(() => String, { description: 'Code of the statement within its consultation.' })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Text of the statement, or null unless it is ACCEPTED.',
  })
  text!: string | null;

  @Field(() => Int, { description: 'Participants whose latest vote on the statement is AGREE.' })
  agree!: number;

  @Field(() => Int, { description: 'Participants whose latest vote on the statement is DISAGREE.' })
  disagree!: number;

  @Field(() => Int, { description: 'Participants whose latest vote on the statement is PASS.' })
  pass!: number;

  @Field(() => Int, {
    description: 'Every AGREE vote ever cast, re-votes included (what Polis exports count).',
  })
  agreeEvents!: number;

  @Field(() => Int, { description: 'Every DISAGREE vote ever cast, re-votes included.' })
  disagreeEvents!: number;

  @Field(() => Int, { description: 'Every PASS vote ever cast, re-votes included.' })
  passEvents!: number;
}

@ObjectType({
  description:
    'Results of a consultation: counts for each ACCEPTED statement and each questionnaire question, and turnout.',
})
export class ConsultationResults {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;

  @Field(() => Int, {
    description: 'Distinct participants who voted on any statement of the consultation.',
  })
  participants!: number;

  @Field(() => Int, {
    description:
      'Every vote cast in the consultation, re-votes and votes on hidden statements included.',
  })
  voteEvents!: number;

  @Field(() => [StatementResult], {
    description: 'ACCEPTED statements in the order they were submitted.',
  })
  statements!: StatementResult[];

  @Field(() => Int, {
    nullable: true,
    description:
      'Participants who submitted the questionnaire; null when fewer than the minimum count.',
  })
  respondents!: number | null;

  @Field(() => [QuestionResult], { description: 'Results of each question, in display order.' })
  questions!: QuestionResult[];

  @Field(() => [DistrictTurnout], { description: 'Questionnaire turnout by district.' })
  turnout!: DistrictTurnout[];

  @Field(() => GraphQLISODateTime, {
    description:
      'Time of the latest vote or questionnaire submission, or of the creation before any.',
  })
  updatedAt!: Date;
}

@ObjectType({ description: 'Result of castStatementVote.' })
export class CastStatementVotePayload {
  @Field(() => StatementResult, {
    nullable: true,
    description:
      'Counts of the statement after the vote; null when the vote was rejected or the results policy hides counts.',
  })
  result!: StatementResult | null;

  @Field(() => [UserError], {
    description:
      'Why the vote was not recorded: NOT_FOUND, STATEMENT_NOT_ACCEPTED, WRONG_PHASE, NOT_IN_AUDIENCE, VERIFICATION_REQUIRED, RESIDENT_ID_NOT_LINKED, RESIDENT_ID_MISMATCH or INVALID_PERSON_ID.',
  })
  errors!: UserError[];
}

@InputType({ description: "A participant's own statement, held for moderation." })
export class SubmitStatementInput {
  @Field(() => ID, { description: 'Id of an OPEN consultation.' })
  consultationId!: string;

  @Field(() => String, {
    description: 'Participant id, 1 to 200 characters; stored only as a keyed hash.',
  })
  participantId!: string;

  @Field(() => String, { description: 'Text of the statement, 1 to 500 characters.' })
  text!: string;
}

@InputType({ description: "A moderator's decision on a statement." })
export class ModerateStatementInput {
  @Field(() => ID, { description: 'Id of the statement.' })
  statementId!: string;

  @Field(() => ModerationStateEnum, {
    description: 'ACCEPTED, REJECTED, or PENDING to reopen review.',
  })
  decision!: ModerationState;

  @Field(() => String, {
    nullable: true,
    description:
      'Reason for a rejection, 1 to 500 characters; kept for moderators, never published.',
  })
  reason?: string | null;
}

@ObjectType({ description: 'Result of a statement mutation.' })
export class StatementPayload {
  @Field(() => StatementNode, {
    nullable: true,
    description: 'The statement after the change, or null when nothing was written.',
  })
  statement!: StatementNode | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: NOT_FOUND, WRONG_PHASE, NOT_IN_AUDIENCE, VERIFICATION_REQUIRED, RESIDENT_ID_NOT_LINKED, RESIDENT_ID_MISMATCH, INVALID_STATEMENT, INVALID_REASON or INVALID_PERSON_ID.',
  })
  errors!: UserError[];
}

/** A page of consultations. */
export const ConsultationConnection = ConnectionType(ConsultationNode, 'Consultation');
/** A page of statements. */
export const StatementConnection = ConnectionType(StatementNode, 'Statement');

/** Maps a consultation entity to its GraphQL object, with the phase in force at `now`. */
export function toConsultationNode(
  consultation: Consultation,
  now: Date = new Date(),
): ConsultationNode {
  return Object.assign(new ConsultationNode(), {
    id: consultation.id,
    title: consultation.title,
    description: consultation.description ?? null,
    source: consultation.source ?? null,
    phase: currentPhase(consultation, now),
    resultsPolicy: consultation.resultsPolicy,
    resultsVisible: canShowResults(consultation, now),
    audience: consultation.audience,
    requiredVerification: consultation.requiredVerification ?? null,
    language: consultation.language,
    districts: consultation.districts,
    districtPopulations: Object.entries(consultation.districtPopulations).map(
      ([district, population]) => Object.assign(new DistrictPopulation(), { district, population }),
    ),
    allowSubmissionEdits: consultation.allowSubmissionEdits,
    closesAt: consultation.closesAt ?? null,
    resultsPublishAt: consultation.resultsPublishAt ?? null,
  });
}

/** Maps a statement entity to its GraphQL object, hiding the text of non-public statements. */
export function toStatementNode(statement: Statement): StatementNode {
  return Object.assign(new StatementNode(), {
    id: statement.id,
    code: statement.code,
    text: isStatementPublic(statement.moderation) ? statement.text : null,
    moderation: statement.moderation,
    createdAt: statement.createdAt,
  });
}

/** Maps a statement result snapshot to its GraphQL object. */
export function toStatementResult(snapshot: StatementResultSnapshot): StatementResult {
  return Object.assign(new StatementResult(), snapshot);
}

/** Maps a results snapshot (plain JSON, as published) to its GraphQL object. */
export function toConsultationResults(snapshot: ConsultationResultsSnapshot): ConsultationResults {
  return Object.assign(new ConsultationResults(), {
    ...snapshot,
    statements: snapshot.statements.map(toStatementResult),
    questions: snapshot.questions.map(toQuestionResult),
    turnout: snapshot.turnout.map(toDistrictTurnout),
    updatedAt: new Date(snapshot.updatedAt),
  });
}
