import { Field, ID, InputType, Int } from 'type-graphql';
import { BallotChannelEnum, type BallotChannel } from './budget.enums';

@InputType({ description: 'A ballot in a budget edition.' })
export class CastBallotInput {
  @Field(() => ID, { description: 'Edition the ballot is for.' })
  editionId!: string;

  @Field(() => String, { description: 'Identifier of the voter; stored only as a keyed hash.' })
  voterId!: string;

  @Field(() => [ID], { description: 'Projects on the ballot; on an ordinal ballot, best first.' })
  projectIds!: string[];

  @Field(() => [Int], {
    nullable: true,
    description:
      'Points parallel to projectIds: required on cumulative ballots, optional on ordinal ones.',
  })
  points?: number[] | null;

  @Field(() => BallotChannelEnum, {
    defaultValue: 'INTERNET',
    description: 'Way the ballot was cast.',
  })
  channel!: BallotChannel;
}
