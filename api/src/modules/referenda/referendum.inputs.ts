import { Length } from 'class-validator';
import type { ReferendumChannel, VerificationLevel } from '@ratusz/shared';
import { Field, Float, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { MAX_BODY_BYTES } from '../../platform/http';
import { MAX_PERSON_ID_LENGTH } from '../../platform/ids';
import { VerificationLevelEnum } from '../accounts/account.types';
import { ReferendumChannelEnum } from './referendum.types';

/** Largest census CSV accepted in one request, in characters: the HTTP body limit bounds it anyway. */
export const MAX_CENSUS_CSV_LENGTH = MAX_BODY_BYTES;

@InputType({ description: 'A new referendum.' })
export class CreateReferendumInput {
  @Field(() => String, { description: 'The question voters answer, 1 to 2,000 characters.' })
  @Length(1, 2_000)
  question!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Longer explanation shown with the question.',
  })
  @Length(0, 20_000)
  description?: string | null;

  @Field(() => [String], { description: 'Option labels in ballot order, 2 to 20 distinct ones.' })
  options!: string[];

  @Field(() => GraphQLISODateTime, { description: 'First instant votes are accepted.' })
  opensAt!: Date;

  @Field(() => GraphQLISODateTime, {
    description: 'First instant votes are rejected; after opensAt.',
  })
  closesAt!: Date;

  @Field(() => Float, {
    description:
      'Turnout, in percent of eligible voters from 0 to 100, from which the result is binding.',
  })
  quorumPercent!: number;
}

@InputType({ description: 'An eligibility list (census) for a referendum.' })
export class ImportReferendumCensusInput {
  @Field(() => ID, { description: 'Id of a SCHEDULED referendum.' })
  referendumId!: string;

  @Field(() => String, {
    description: `CSV text with a header row naming the columns voter_id and district (others are ignored), at most ${MAX_CENSUS_CSV_LENGTH} characters. Ids are stored only as keyed hashes.`,
  })
  @Length(1, MAX_CENSUS_CSV_LENGTH)
  csv!: string;
}

@InputType({ description: "One eligible voter's ballot." })
export class CastReferendumVoteInput {
  @Field(() => ID, { description: 'Id of an OPEN referendum.' })
  referendumId!: string;

  @Field(() => String, {
    description: `Personal id as the census lists it, 1 to ${MAX_PERSON_ID_LENGTH} characters; stored only as a keyed hash, apart from the ballot.`,
  })
  @Length(1, MAX_PERSON_ID_LENGTH)
  voterId!: string;

  @Field(() => ID, { description: 'Id of the chosen option.' })
  optionId!: string;

  @Field(() => ReferendumChannelEnum, { description: 'Way the ballot reached the city.' })
  channel!: ReferendumChannel;
}

@InputType({ description: 'Minimum verification level for the votes of a SCHEDULED referendum.' })
export class SetReferendumRequiredVerificationInput {
  @Field(() => ID, { description: 'Id of a SCHEDULED referendum.' })
  referendumId!: string;

  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description: 'Minimum level of the voter\'s resident account; null lets the census alone decide.',
  })
  level!: VerificationLevel | null;
}
