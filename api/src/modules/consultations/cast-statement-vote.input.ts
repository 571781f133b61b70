import { Length } from 'class-validator';
import type { StatementVoteValue } from '@ratusz/shared';
import { Field, ID, InputType } from 'type-graphql';
import { StatementVoteValueEnum } from './consultation.types';

/** Maximum participant id length. Ids are stored hashed, so this only bounds the request size. */
const MAX_PARTICIPANT_ID_LENGTH = 200;

@InputType({ description: "One participant's vote on one statement." })
export class CastStatementVoteInput {
  @Field(() => ID, { description: 'Id of an ACCEPTED statement.' })
  statementId!: string;

  @Field(() => String, {
    description: `Participant id, 1 to ${MAX_PARTICIPANT_ID_LENGTH} characters; stored only as a keyed hash. A later vote by the same participant replaces the earlier one.`,
  })
  @Length(1, MAX_PARTICIPANT_ID_LENGTH)
  participantId!: string;

  @Field(() => StatementVoteValueEnum, { description: 'The vote.' })
  vote!: StatementVoteValue;
}
