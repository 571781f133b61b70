import { ArrayMaxSize, MaxLength } from 'class-validator';
import { JSONObjectResolver } from 'graphql-scalars';
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
import { MAX_PERSON_CONTACTS } from './privacy.service';
import { PERSONAL_DATA_ACCESS_REASONS, type PersonalDataAccessReason } from './personal-data-read';

/** GraphQL enum of the reasons for reading personal data. */
export const PersonalDataAccessReasonEnum = Object.fromEntries(
  PERSONAL_DATA_ACCESS_REASONS.map((reason) => [reason, reason]),
) as {
  [R in PersonalDataAccessReason]: R;
};

registerEnumType(PersonalDataAccessReasonEnum, {
  name: 'PersonalDataAccessReason',
  description:
    "Why a staff member reads a resident's personal data; recorded in the audit log with the read.",
  valuesConfig: {
    CASE_HANDLING: { description: 'Handling the case or request the data belongs to.' },
    RESIDENT_REQUEST: { description: 'The resident asked the city to look at their data.' },
    LEGAL_OBLIGATION: { description: 'A law or court order requires the read.' },
    AUDIT: { description: 'Checking how the city handles the data.' },
  },
});

@InputType({
  description:
    'The person whose data is exported or erased. A resident may name only identifiers linked to their own account.',
})
export class PersonInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Account of the person. Empty for a resident, who always acts on their own account; an administrator may name any account.',
  })
  accountId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Resident id from the city's register, which consultations, proposals and ballots are kept under. A resident may give only the id an administrator linked to their account.",
  })
  @MaxLength(200)
  residentId?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `E-mail addresses the person reported cases from, at most ${MAX_PERSON_CONTACTS}. A resident may give only the address they sign in with.`,
  })
  @ArrayMaxSize(MAX_PERSON_CONTACTS)
  @MaxLength(320, { each: true })
  emailAddresses?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: `Phone numbers the person gave with Open311 reports, at most ${MAX_PERSON_CONTACTS}. Administrators only.`,
  })
  @ArrayMaxSize(MAX_PERSON_CONTACTS)
  @MaxLength(320, { each: true })
  phoneNumbers?: string[] | null;
}

@InputType({ description: "A request to erase a person's personal data." })
export class ErasePersonalDataInput extends PersonInput {
  @Field(() => String, { description: 'Must be ERASE: erasure cannot be undone.' })
  @MaxLength(20)
  confirmation!: string;
}

@ObjectType({ description: 'Result of personalDataExport.' })
export class PersonalDataExportPayload {
  @Field(() => JSONObjectResolver, {
    nullable: true,
    description:
      "Everything stored about the person, as JSON: account, reported cases with their public timeline and the person's own notes, e-mails sent to them, case support, budget proposals and ballots, register entries, questionnaire answers, statements and statement votes. Null when the request was rejected.",
  })
  data!: Record<string, unknown> | null;

  @Field(() => [UserError], {
    description:
      'Why the request was rejected: INVALID_PERSON_ID, INVALID_CONTACT, TOO_MANY_VALUES, NOT_YOUR_ACCOUNT, NOT_YOUR_RESIDENT_ID, NOT_YOUR_EMAIL, PHONE_NOT_VERIFIABLE, PERSON_REQUIRED or NOT_FOUND.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Numbers of records an erasure changed.' })
export class ErasureCounts {
  @Field(() => Int, {
    description:
      'Reported cases whose description, notes, attachments and submitter details were removed.',
  })
  cases!: number;

  @Field(() => Int, { description: 'E-mail contacts deleted, with the e-mails queued for them.' })
  caseContacts!: number;

  @Field(() => Int, { description: 'Attachments deleted.' })
  attachments!: number;

  @Field(() => Int, { description: 'Budget proposals whose text and author link were removed.' })
  proposals!: number;

  @Field(() => Int, { description: 'Questionnaire submissions whose text answers were removed.' })
  submissions!: number;

  @Field(() => Int, {
    description: 'Consultation statements whose text and author link were removed.',
  })
  statements!: number;

  @Field(() => Int, { description: 'Case supports unlinked from the person.' })
  supports!: number;

  @Field(() => Int, {
    description: 'Budget ballots unlinked from the person; their votes still count.',
  })
  ballots!: number;
}

@ObjectType({ description: 'Result of erasePersonalData.' })
export class ErasePersonalDataPayload {
  @Field(() => ErasureCounts, {
    nullable: true,
    description: 'What was erased, or null when the request was rejected.',
  })
  erased!: ErasureCounts | null;

  @Field(() => [UserError], {
    description:
      'Why the request was rejected: CONFIRMATION_REQUIRED, LAST_ADMINISTRATOR (the account is the last enabled administrator), or a code listed on PersonalDataExportPayload.errors.',
  })
  errors!: UserError[];
}

@ObjectType({
  description:
    'What a resident gave when reporting a case. Every read is recorded in the audit log.',
})
export class CaseReporterDetailsNode {
  @Field(() => String, {
    nullable: true,
    description: "The resident's description of the problem, or null.",
  })
  description!: string | null;

  @Field(() => [String], {
    description: 'E-mail addresses the case was reported from, for cases reported by e-mail.',
  })
  contactEmailAddresses!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Location text of an Open311 report, or null.',
  })
  addressString!: string | null;

  @Field(() => String, { nullable: true, description: 'Media URL of an Open311 report, or null.' })
  mediaUrl!: string | null;
}

@ObjectType({ description: 'Result of caseReporterDetails.' })
export class CaseReporterDetailsPayload {
  @Field(() => CaseReporterDetailsNode, {
    nullable: true,
    description: 'The details, or null when the read was rejected.',
  })
  details!: CaseReporterDetailsNode | null;

  @Field(() => [UserError], {
    description: 'Why the read was rejected: NOT_FOUND or NOT_YOUR_DEPARTMENT.',
  })
  errors!: UserError[];
}

@ObjectType({
  description:
    "One participant's answer to a text question. Every answer returned is recorded in the audit log.",
})
export class TextAnswerNode {
  @Field(() => ID, { description: 'Id of the questionnaire submission.' })
  submissionId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Text of the answer, or null when the participant left the question out.',
  })
  text!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the answers were first submitted.' })
  submittedAt!: Date;
}

@ObjectType('TextAnswerConnection', {
  description: 'A page of answers to a text question, one per submission.',
})
export class TextAnswerConnection extends ConnectionType(TextAnswerNode, 'TextAnswer') {}

@ObjectType({ description: 'Result of questionnaireTextAnswers.' })
export class QuestionnaireTextAnswersPayload {
  @Field(() => TextAnswerConnection, {
    nullable: true,
    description: 'The page of answers, or null when the read was rejected.',
  })
  answers!: TextAnswerConnection | null;

  @Field(() => [UserError], {
    description: 'Why the read was rejected: NOT_FOUND or NOT_A_TEXT_QUESTION.',
  })
  errors!: UserError[];
}
