import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../platform/graphql/user-error';
import { BallotChannelEnum, BudgetPhaseEnum, type BallotChannel, type BudgetPhase } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProcess } from './budget-process.entity';

@InputType({ description: 'Moves a budget edition to its next phase.' })
export class AdvanceBudgetPhaseInput {
  @Field(() => ID, { description: 'Edition to move.' })
  editionId!: string;

  @Field(() => BudgetPhaseEnum, {
    nullable: true,
    description: 'Phase the caller believes the edition is in; the move is rejected if it is not.',
  })
  expectedPhase?: BudgetPhase | null;

  @Field(() => Date, {
    nullable: true,
    description: 'New scheduled end of voting; ballots after it are rejected.',
  })
  votingClosesAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'New publication time (embargo); only before voting closes.',
  })
  resultsPublishAt?: Date | null;
}

@ObjectType({ description: 'Result of advanceBudgetPhase.' })
export class AdvanceBudgetPhasePayload {
  @Field(() => BudgetEdition, { nullable: true, description: 'The edition in its new phase; null on error.' })
  edition!: BudgetEdition | null;

  @Field(() => [UserError], { description: 'Reasons the edition did not move; empty on success.' })
  errors!: UserError[];
}

@InputType({ description: 'The budgets of one city in one year.' })
export class CreateBudgetProcessInput {
  @Field(() => String, { description: 'Shared name, such as "Warszawa 2026".' })
  name!: string;

  @Field(() => String, { description: 'City or region that runs the budget.' })
  unit!: string;

  @Field(() => Int, { description: 'Budget year.' })
  year!: number;

  @Field(() => String, { description: 'ISO 4217 currency code, such as PLN.' })
  currency!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Minimum age in whole years on the voting day; applies once a register is imported.',
  })
  minimumAge?: number | null;

  @Field(() => Date, { nullable: true, description: 'Planned end of voting for its editions.' })
  votingClosesAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Planned publication of the counts (embargo).' })
  resultsPublishAt?: Date | null;
}

@ObjectType({ description: 'Result of createBudgetProcess.' })
export class CreateBudgetProcessPayload {
  @Field(() => BudgetProcess, { nullable: true, description: 'The new process; null on error.' })
  process!: BudgetProcess | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of importVoterRegister.' })
export class ImportVoterRegisterPayload {
  @Field(() => Int, { description: 'People now in the register; 0 when the file was rejected.' })
  imported!: number;

  @Field(() => [UserError], { description: 'Rows at fault; when not empty, nothing was stored.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Votes and points one project received through one channel.' })
export class ChannelProjectCount {
  @Field(() => ID, { description: 'Identifier of the project.' })
  projectId!: string;

  @Field(() => Int, { description: 'Ballots of this channel naming the project.' })
  votes!: number;

  @Field(() => Int, { description: 'Points from ballots of this channel.' })
  score!: number;
}

@ObjectType({ description: 'Counts of the ballots that reached the city through one channel.' })
export class ChannelTally {
  @Field(() => BallotChannelEnum, { description: 'Way the ballots were cast.' })
  channel!: BallotChannel;

  @Field(() => Boolean, {
    description: 'Whether the counts are withheld because the channel has fewer ballots than serverInfo.minAggregateCount.',
  })
  withheld!: boolean;

  @Field(() => Int, { nullable: true, description: 'Ballots of this channel; null when withheld.' })
  ballotCount!: number | null;

  @Field(() => [ChannelProjectCount], { description: 'Projects named on ballots of this channel; empty when withheld.' })
  projects!: ChannelProjectCount[];
}

@ObjectType({
  description:
    'The ballot set and tally of an edition in canonical text, published after voting closes and any embargo ends. Its SHA-256 equals commitmentHash.',
})
export class RevealedBallotSet {
  @Field(() => ID, { description: 'Identifier of the edition.' })
  editionId!: string;

  @Field(() => String, { description: 'SHA-256 (hex) published when voting closed.' })
  commitmentHash!: string;

  @Field(() => Date, { description: 'Time voting closed and the hash was computed.' })
  committedAt!: Date;

  @Field(() => String, {
    description:
      'Canonical UTF-8 text: the line "ratusz-budget-commitment v1", "edition <id>", one "ballot <channel> <projectId>:<points> ..." line per ballot sorted by text, one "project <projectId> <votes> <score>" line per project sorted by id, and "ballots <count>"; every line ends with a line feed. No voter information.',
  })
  document!: string;
}

@InputType({ description: 'Moves every edition of a budget process to the next phase together.' })
export class AdvanceBudgetProcessPhaseInput {
  @Field(() => ID, { description: 'Process whose editions move.' })
  processId!: string;

  @Field(() => BudgetPhaseEnum, {
    nullable: true,
    description: 'Phase the caller believes the editions are in; the move is rejected if they are not.',
  })
  expectedPhase?: BudgetPhase | null;

  @Field(() => Date, {
    nullable: true,
    description: 'New scheduled end of voting for every edition; ballots after it are rejected.',
  })
  votingClosesAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'New publication time (embargo) for every edition; only before voting closes.',
  })
  resultsPublishAt?: Date | null;
}

@ObjectType({ description: 'Result of advanceBudgetProcessPhase.' })
export class AdvanceBudgetProcessPhasePayload {
  @Field(() => BudgetProcess, { nullable: true, description: 'The process; null on error.' })
  process!: BudgetProcess | null;

  @Field(() => BudgetPhaseEnum, {
    nullable: true,
    description: 'Phase every edition of the process is now in; null on error.',
  })
  phase!: BudgetPhase | null;

  @Field(() => [UserError], { description: 'Reasons nothing moved; empty on success.' })
  errors!: UserError[];
}
