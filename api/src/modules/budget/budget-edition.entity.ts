import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { BudgetRuleName, CategoryLimit, TieBreakOrder, VerificationLevel, VoteType } from '@ratusz/shared';
import { VerificationLevelEnum } from '../accounts/account.types';
import { BudgetPhaseEnum, BudgetRuleEnum, TieBreakEnum, VoteTypeEnum, type BudgetPhase } from './budget.enums';
import { BudgetProcess } from './budget-process.entity';

/**
 * One participatory-budget vote (a city or district in one year), with the META facts of its
 * pabulib file. Money is in minor units (1/100 of `currency`).
 */
@Entity({ tableName: 'budget_edition' })
@ObjectType({ description: 'One participatory-budget vote, such as a district in one year.' })
export class BudgetEdition {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the edition.' })
  id: string & Opt = randomUUID();

  @Property({ type: 'string', length: 255 })
  @Field(() => String, { description: 'Name, such as "Warszawa 2026".' })
  name!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Country, as the source names it.' })
  country?: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  @Field(() => String, { nullable: true, description: 'City or region that ran the vote.' })
  unit?: string | null;

  @Property({ type: 'string', length: 255, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'District of the unit, when the vote covered one; with a voter register, only its residents vote.',
  })
  subunit?: string | null;

  @ManyToOne({ entity: () => BudgetProcess, nullable: true, deleteRule: 'set null' })
  @Field(() => BudgetProcess, {
    nullable: true,
    description: 'City budget of the same year this edition belongs to, if any.',
  })
  process?: BudgetProcess | null;

  @Property({ type: 'string', length: 20 })
  @Field(() => BudgetPhaseEnum, { description: 'Current phase.' })
  phase: BudgetPhase & Opt = 'SUBMISSION';

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'Whether a voter may replace their ballot until voting closes.',
  })
  allowBallotChange: boolean & Opt = false;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'Time after which ballots are rejected even if the phase is still VOTING.',
  })
  votingClosesAt?: Date | null;

  @Property({ type: 'string', length: 20, nullable: true })
  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description:
      'Minimum verification level of the resident account behind each INTERNET ballot; null when the voter register alone decides.',
  })
  requiredVerification?: VerificationLevel | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description:
      'Embargo: counts stay hidden from queries, subscriptions and the revealed ballot set until this time; null publishes them live.',
  })
  resultsPublishAt?: Date | null;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the canonical ballot set and tally, fixed when voting closes; null before.',
  })
  commitmentHash?: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Time the commitment was computed.' })
  committedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Description from the source.' })
  description?: string | null;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'ISO 4217 currency code of every amount.' })
  currency!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntResolver, {
    description: 'Money to distribute, in minor units (1/100 of the currency).',
  })
  budget!: number;

  @Property({ type: 'string', length: 20 })
  @Field(() => VoteTypeEnum, { description: 'Ballot format.' })
  voteType!: VoteType;

  @Property({ type: 'string', length: 30 })
  @Field(() => BudgetRuleEnum, {
    description:
      'Rule that computes the tally. Imported files whose rule is unknown or not supported are tallied with GREEDY.',
  })
  rule!: BudgetRuleName;

  @Property({ type: 'string', length: 30, default: 'lower-cost-first' })
  @Field(() => TieBreakEnum, {
    description: 'Order that settles ties between projects the rule ranks equally.',
  })
  tieBreak: TieBreakOrder & Opt = 'lower-cost-first';

  /** The `rule` line of the source file as written, such as `equalshares/add1-comparison`. */
  @Property({ type: 'string', length: 100, nullable: true })
  sourceRule?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description:
      'Minimum support a project needs to be funded, under every rule: votes on approval and choose-one ballots, points on cumulative and ordinal ones. Null for none.',
  })
  minProjectScore?: number | null;

  /** Caps on the cost and number of funded projects per category; every rule applies them. */
  @Property({ type: 'json', nullable: true })
  categoryLimits?: CategoryLimit[] | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Minimum number of projects on a ballot.' })
  minLength?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Maximum number of projects on a ballot.' })
  maxLength?: number | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Largest total cost of the projects on one approval ballot, in minor units.',
  })
  maxSumCost?: number | null;

  @Property({ type: 'integer', nullable: true })
  minSumPoints?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Maximum total points on one cumulative ballot.',
  })
  maxSumPoints?: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Maximum points one cumulative ballot gives one project.',
  })
  maxPointsPerProject?: number | null;

  /** Points by rank on an ordinal ballot; null gives the ballot length minus the position. */
  @Property({ type: 'json', nullable: true })
  pointsByPosition?: number[] | null;

  /** Every META line of the source file, as written. */
  @Property({ type: 'json' })
  meta: Record<string, string> & Opt = {};

  /** Ballots counted, kept in step with each ballot by an atomic increment. */
  @Property({ type: 'integer' })
  ballotCount: number & Opt = 0;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** Time of the last ballot, or of creation. */
  @Property({ type: 'datetime' })
  tallyUpdatedAt: Date & Opt = new Date();
}
