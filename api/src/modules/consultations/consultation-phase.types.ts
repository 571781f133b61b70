import type {
  ConsultationAudience,
  ConsultationPhase,
  KeywordLanguage,
  ResultsPolicy,
  VerificationLevel,
} from '@ratusz/shared';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../platform/graphql/user-error';
import { VerificationLevelEnum } from '../accounts/account.types';
import {
  MAX_CONSULTATION_DESCRIPTION_LENGTH,
  MAX_CONSULTATION_TITLE_LENGTH,
} from './consultation-phase';
import {
  ConsultationAudienceEnum,
  ConsultationPhaseEnum,
  ResultsPolicyEnum,
  TextLanguageEnum,
} from './consultation-phase.enums';
import { ConsultationNode } from './consultation.types';

@InputType({ description: 'Settings of a consultation; fixed once it opens.' })
export class ConsultationSettingsInput {
  @Field(() => String, {
    nullable: true,
    description: `Title or question of the consultation, at most ${MAX_CONSULTATION_TITLE_LENGTH} characters.`,
  })
  title?: string;

  @Field(() => String, {
    nullable: true,
    description: `Longer explanation shown with the title, at most ${MAX_CONSULTATION_DESCRIPTION_LENGTH} characters.`,
  })
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Target districts; an empty list targets the whole city.',
  })
  districts?: string[];

  @Field(() => ConsultationAudienceEnum, { nullable: true, description: 'Who may take part.' })
  audience?: ConsultationAudience;

  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description:
      "Minimum verification level of the participant's resident account; null lets the audience alone decide. Absent keeps the current value.",
  })
  requiredVerification?: VerificationLevel | null;

  @Field(() => ResultsPolicyEnum, { nullable: true, description: 'When counts become public.' })
  resultsPolicy?: ResultsPolicy;

  @Field(() => TextLanguageEnum, {
    nullable: true,
    description: 'Language of the open-text answers, for keywords and topics; PL when absent.',
  })
  language?: KeywordLanguage;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether participants may change their questionnaire answers until the close.',
  })
  allowSubmissionEdits?: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the OPEN consultation closes by itself; null to close only by request.',
  })
  closesAt?: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When results are published by themselves after the close; null to wait for a request.',
  })
  resultsPublishAt?: Date | null;
}

@InputType({ description: 'A new DRAFT consultation.' })
export class CreateConsultationInput extends ConsultationSettingsInput {
  @Field(() => String, {
    description: `Title or question of the consultation, at most ${MAX_CONSULTATION_TITLE_LENGTH} characters.`,
  })
  declare title: string;
}

@InputType({ description: 'New settings of a DRAFT consultation; absent fields stay as they are.' })
export class UpdateConsultationInput extends ConsultationSettingsInput {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;
}

@InputType({ description: 'Moves a consultation to a later phase.' })
export class AdvanceConsultationPhaseInput {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;

  @Field(() => ConsultationPhaseEnum, { description: 'Phase to move to; must be later than now.' })
  phase!: ConsultationPhase;
}

@InputType({ description: 'Population of one district.' })
export class DistrictPopulationInput {
  @Field(() => String, { description: 'District name, as in the participant register.' })
  district!: string;

  @Field(() => Int, { description: 'Number of residents, at least 1.' })
  population!: number;
}

@InputType({ description: 'Replaces the district populations of a consultation.' })
export class SetDistrictPopulationsInput {
  @Field(() => ID, { description: 'Id of the consultation.' })
  consultationId!: string;

  @Field(() => [DistrictPopulationInput], { description: 'Every district population to keep.' })
  populations!: DistrictPopulationInput[];
}

@ObjectType({ description: 'Result of a mutation that changes a consultation.' })
export class ConsultationPayload {
  @Field(() => ConsultationNode, {
    nullable: true,
    description: 'The consultation after the change, or null when nothing was written.',
  })
  consultation!: ConsultationNode | null;

  @Field(() => [UserError], {
    description: 'Why nothing was written: NOT_FOUND, WRONG_PHASE or INVALID_SETTING.',
  })
  errors!: UserError[];
}
