import type {
  ReferendumChannel,
  ReferendumOptionVotes,
  ReferendumResultSnapshot,
  ReferendumStatus,
  ReferendumUpdateSnapshot,
  VerificationLevel,
} from '@ratusz/shared';
import {
  Field,
  Float,
  GraphQLISODateTime,
  ID,
  Int,
  ObjectType,
  registerEnumType,
} from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { VerificationLevelEnum } from '../accounts/account.types';
import type { Referendum, ReferendumOption } from './referendum.entity';

/** GraphQL enum object for `ReferendumChannel`. */
export const ReferendumChannelEnum: Record<ReferendumChannel, ReferendumChannel> = {
  ONLINE: 'ONLINE',
  PAPER: 'PAPER',
};
registerEnumType(ReferendumChannelEnum, {
  name: 'ReferendumChannel',
  description: 'Way a referendum ballot reached the city.',
  valuesConfig: {
    ONLINE: { description: 'Cast by the voter through the online service.' },
    PAPER: { description: 'A paper ballot entered by election staff.' },
  },
});

/** GraphQL enum object for `ReferendumStatus`. */
export const ReferendumStatusEnum: Record<ReferendumStatus, ReferendumStatus> = {
  SCHEDULED: 'SCHEDULED',
  OPEN: 'OPEN',
  VOTING_ENDED: 'VOTING_ENDED',
  CLOSED: 'CLOSED',
};
registerEnumType(ReferendumStatusEnum, {
  name: 'ReferendumStatus',
  description: 'Stage of a referendum.',
  valuesConfig: {
    SCHEDULED: {
      description: 'Before opensAt: the census can still change and no votes are taken.',
    },
    OPEN: { description: 'Between opensAt and closesAt: votes are taken.' },
    VOTING_ENDED: {
      description: 'After closesAt: no votes are taken and the result awaits closeReferendum.',
    },
    CLOSED: { description: 'The result and its commitment are published.' },
  },
});

@ObjectType('ReferendumOption', { description: 'One answer voters can choose.' })
export class ReferendumOptionNode {
  @Field(() => ID, { description: 'Id of the option, passed as optionId when voting.' })
  id!: string;

  @Field(() => String, { description: 'Text of the option as printed on the ballot.' })
  label!: string;

  @Field(() => Int, { description: '0-based place on the ballot.' })
  position!: number;
}

@ObjectType('Referendum', {
  description: 'A question put to every eligible resident, decided by ballots.',
})
export class ReferendumNode {
  @Field(() => ID, { description: 'Id of the referendum.' })
  id!: string;

  @Field(() => String, { description: 'The question voters answer.' })
  question!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Longer explanation shown with the question.',
  })
  description!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'First instant votes are accepted.' })
  opensAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'First instant votes are rejected.' })
  closesAt!: Date;

  @Field(() => Float, {
    description: 'Turnout, in percent of eligible voters, from which the result is binding.',
  })
  quorumPercent!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the result was published.',
  })
  closedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the canonical form of the ballots and result; null until closed.',
  })
  commitment!: string | null;

  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description:
      'Minimum verification level of the resident account behind each INTERNET vote; null when the census alone decides.',
  })
  requiredVerification!: VerificationLevel | null;
}

@ObjectType({ description: 'Votes for one option.' })
export class ReferendumOptionResult {
  @Field(() => ID, { description: 'Id of the option.' })
  optionId!: string;

  @Field(() => String, { description: 'Text of the option.' })
  label!: string;

  @Field(() => Int, { description: 'Ballots for the option.' })
  votes!: number;
}

@ObjectType({ description: 'Ballots of one district.' })
export class ReferendumDistrictResult {
  @Field(() => String, { description: 'District as the census names it.' })
  district!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Ballots from the district, or null when suppressed.',
  })
  ballots!: number | null;

  @Field(() => Boolean, {
    description:
      'Whether the counts are withheld: fewer ballots than serverInfo.minAggregateCount.',
  })
  suppressed!: boolean;

  @Field(() => [ReferendumOptionResult], {
    description: 'Votes per option; empty when suppressed.',
  })
  options!: ReferendumOptionVotes[];
}

@ObjectType({ description: 'Ballots of one channel.' })
export class ReferendumChannelResult {
  @Field(() => ReferendumChannelEnum, { description: 'The channel.' })
  channel!: ReferendumChannel;

  @Field(() => Int, {
    nullable: true,
    description: 'Ballots from the channel, or null when suppressed.',
  })
  ballots!: number | null;

  @Field(() => Boolean, {
    description:
      'Whether the counts are withheld: fewer ballots than serverInfo.minAggregateCount.',
  })
  suppressed!: boolean;

  @Field(() => [ReferendumOptionResult], {
    description: 'Votes per option; empty when suppressed.',
  })
  options!: ReferendumOptionVotes[];
}

@ObjectType({ description: 'Result of a referendum, published at close.' })
export class ReferendumResult {
  @Field(() => ID, { description: 'Id of the referendum.' })
  referendumId!: string;

  @Field(() => Int, { description: 'Voters on the eligibility list.' })
  eligibleVoters!: number;

  @Field(() => Int, { description: 'Ballots cast.' })
  ballotsCast!: number;

  @Field(() => Float, { description: 'Ballots in percent of eligible voters.' })
  turnoutPercent!: number;

  @Field(() => Float, { description: 'Quorum in percent of eligible voters.' })
  quorumPercent!: number;

  @Field(() => Boolean, {
    description: 'Whether turnout reached the quorum, which makes the result binding.',
  })
  binding!: boolean;

  @Field(() => [ReferendumOptionResult], { description: 'Votes per option, in ballot order.' })
  options!: ReferendumOptionVotes[];

  @Field(() => [ReferendumDistrictResult], {
    description: 'Results per district, by district name.',
  })
  byDistrict!: ReferendumDistrictResult[];

  @Field(() => [ReferendumChannelResult], { description: 'Results per channel (ONLINE, PAPER).' })
  byChannel!: ReferendumChannelResult[];

  @Field(() => GraphQLISODateTime, { description: 'When the referendum was closed.' })
  closedAt!: Date;

  @Field(() => String, {
    description:
      'SHA-256 (hex) of the canonical form ratusz-referendum-commitment-v1 of the ballots and the result.',
  })
  commitment!: string;
}

@ObjectType({ description: 'Turnout of a referendum, sent after every vote and at close.' })
export class ReferendumUpdate {
  @Field(() => ID, { description: 'Id of the referendum.' })
  referendumId!: string;

  @Field(() => ReferendumStatusEnum, { description: 'Stage of the referendum.' })
  status!: ReferendumStatus;

  @Field(() => Int, { description: 'Voters on the eligibility list.' })
  eligibleVoters!: number;

  @Field(() => Int, {
    description: 'Ballots cast so far. Option counts stay hidden until the close.',
  })
  ballotsCast!: number;

  @Field(() => Float, { description: 'Ballots in percent of eligible voters.' })
  turnoutPercent!: number;

  @Field(() => ReferendumResult, {
    nullable: true,
    description: 'The result once CLOSED, otherwise null.',
  })
  result!: ReferendumResult | null;
}

@ObjectType({ description: 'Result of createReferendum.' })
export class CreateReferendumPayload {
  @Field(() => ReferendumNode, {
    nullable: true,
    description: 'The new referendum, or null when rejected.',
  })
  referendum!: ReferendumNode | null;

  @Field(() => [UserError], { description: 'Why the referendum was not created: INVALID_INPUT.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of setReferendumRequiredVerification.' })
export class SetReferendumRequiredVerificationPayload {
  @Field(() => ReferendumNode, {
    nullable: true,
    description: 'The referendum with its new requirement, or null when rejected.',
  })
  referendum!: ReferendumNode | null;

  @Field(() => [UserError], {
    description: 'Why nothing was changed: NOT_FOUND or VOTING_STARTED; empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of importReferendumCensus.' })
export class ImportReferendumCensusPayload {
  @Field(() => Int, { description: 'Distinct voters in the file; 0 when rejected.' })
  rows!: number;

  @Field(() => Int, { description: 'Voters newly added to the eligibility list.' })
  added!: number;

  @Field(() => Int, { description: 'Voters on the eligibility list after the import.' })
  eligibleVoters!: number;

  @Field(() => [UserError], {
    description:
      'Why nothing was imported: NOT_FOUND, CENSUS_LOCKED or INVALID_CENSUS (with the line).',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of castReferendumVote.' })
export class CastReferendumVotePayload {
  @Field(() => ReferendumUpdate, {
    nullable: true,
    description: 'Turnout after the vote, or null when rejected.',
  })
  progress!: ReferendumUpdate | null;

  @Field(() => [UserError], {
    description:
      'Why the vote was not recorded: NOT_FOUND, VOTING_NOT_OPEN, VOTING_ENDED, VERIFICATION_REQUIRED, RESIDENT_ID_NOT_LINKED, RESIDENT_ID_MISMATCH, NOT_ELIGIBLE, ALREADY_VOTED, OPTION_NOT_FOUND or INVALID_PERSON_ID.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of closeReferendum.' })
export class CloseReferendumPayload {
  @Field(() => ReferendumResult, {
    nullable: true,
    description: 'The published result, or null when rejected.',
  })
  result!: ReferendumResult | null;

  @Field(() => [UserError], {
    description:
      'Why the referendum was not closed: NOT_FOUND, VOTING_NOT_ENDED or ALREADY_CLOSED.',
  })
  errors!: UserError[];
}

/** A page of referenda. */
export const ReferendumConnection = ConnectionType(ReferendumNode, 'Referendum');

/** Maps a referendum entity to its GraphQL object. */
export function toReferendumNode(referendum: Referendum): ReferendumNode {
  return Object.assign(new ReferendumNode(), {
    id: referendum.id,
    question: referendum.question,
    description: referendum.description ?? null,
    opensAt: referendum.opensAt,
    closesAt: referendum.closesAt,
    quorumPercent: referendum.quorumPercent,
    closedAt: referendum.closedAt ?? null,
    commitment: referendum.commitment ?? null,
    requiredVerification: referendum.requiredVerification ?? null,
  });
}

/** Maps an option entity to its GraphQL object. */
export function toReferendumOptionNode(option: ReferendumOption): ReferendumOptionNode {
  return Object.assign(new ReferendumOptionNode(), {
    id: option.id,
    label: option.label,
    position: option.position,
  });
}

/** Maps a result snapshot (plain JSON) to its GraphQL object. */
export function toReferendumResult(snapshot: ReferendumResultSnapshot): ReferendumResult {
  return Object.assign(new ReferendumResult(), {
    ...snapshot,
    closedAt: new Date(snapshot.closedAt),
  });
}

/** Maps an update snapshot (plain JSON, as published) to its GraphQL object. */
export function toReferendumUpdate(snapshot: ReferendumUpdateSnapshot): ReferendumUpdate {
  return Object.assign(new ReferendumUpdate(), {
    ...snapshot,
    result: snapshot.result ? toReferendumResult(snapshot.result) : null,
  });
}
