import {
  BigIntType,
  Entity,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';
import {
  ProposalDecisionKindEnum,
  ProposalStatusEnum,
  type ProposalDecisionKind,
  type ProposalStatus,
} from './proposal.enums';

/**
 * A project a resident submitted to a budget edition, with its review state. Only an accepted
 * proposal gets a `BudgetProject`, so ballots and tallies never see the others. The author is
 * stored only as a keyed hash, and the appeal text is stored but not published.
 */
@Entity({ tableName: 'budget_proposal' })
@Unique({ properties: ['edition', 'number'] })
@Unique({ properties: ['project'] })
@ObjectType({ description: 'A project a resident submitted to a budget edition.' })
export class BudgetProposal {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the proposal.' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetEdition, deleteRule: 'cascade' })
  edition!: BudgetEdition;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Number of the proposal in its edition, from 1; the ballot code once accepted.',
  })
  number!: number;

  /** `hashIdentifier` of the author's resident id, never the id itself. */
  @Property({ type: 'string', length: 64 })
  submitterHash!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Title of the project.' })
  title!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'What the project builds or runs, as the author wrote it.' })
  description!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntResolver, {
    description: "The author's cost estimate in minor units (1/100 of the currency).",
  })
  estimatedCost!: number;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Cost set by the reviewing department, in minor units; null when unchanged.',
  })
  reviewedCost?: number | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Latitude of the project site (WGS84).' })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Longitude of the project site (WGS84).' })
  longitude?: number | null;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Category, such as "Greenery".' })
  category!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'District the project serves; null for a project serving the whole city.',
  })
  district?: string | null;

  @Index()
  @Property({ type: 'string', length: 20 })
  @Field(() => ProposalStatusEnum, { description: 'Review status.' })
  status: ProposalStatus & Opt = 'SUBMITTED';

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Reason of the latest rejection or appeal dismissal, as the department gave it.',
  })
  rejectionReason?: string | null;

  /** The author's appeal text. Residents' free text stays out of public fields. */
  @Property({ type: 'text', nullable: true })
  appealText?: string | null;

  @ManyToOne({ entity: () => BudgetProject, nullable: true, deleteRule: 'set null' })
  project?: BudgetProject | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'Time of submission.' })
  submittedAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'Time of the latest change of status or cost.' })
  updatedAt: Date & Opt = new Date();
}

/** One step of a proposal's review history, kept for every change and never edited. */
@Entity({ tableName: 'budget_proposal_decision' })
@Index({ properties: ['proposal', 'sequence'] })
@ObjectType({ description: 'One step in the review history of a proposal.' })
export class ProposalDecision {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the step.' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetProposal, deleteRule: 'cascade' })
  proposal!: BudgetProposal;

  @Property({ type: 'string', length: 20 })
  @Field(() => ProposalDecisionKindEnum, { description: 'What happened.' })
  kind!: ProposalDecisionKind;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "Department that decided; null for the author's appeal.",
  })
  department?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      "The department's reason; null for the author's appeal, whose text is not published.",
  })
  reason?: string | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Reviewed cost set by this step, in minor units.',
  })
  cost?: number | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'Time of the step.' })
  decidedAt: Date & Opt = new Date();

  /** Order of the steps of one proposal, from 0; timestamps can tie within one request. */
  @Property({ type: 'integer' })
  sequence!: number;
}
