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
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BudgetProject } from './budget-project.entity';
import { ImplementationStatusEnum, type ImplementationStatus } from './implementation.enums';

/** Progress of a funded project after the vote. Money in minor units. */
@Entity({ tableName: 'budget_project_implementation' })
@Unique({ properties: ['project'] })
@ObjectType({ description: 'How far the city has got in carrying out a funded project.' })
export class ProjectImplementation {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetProject, deleteRule: 'cascade' })
  project!: BudgetProject;

  @Property({ type: 'string', length: 20 })
  @Field(() => ImplementationStatusEnum, { description: 'Stage of the work.' })
  status: ImplementationStatus & Opt = 'NOT_STARTED';

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Why the city abandoned the project; set only when ABANDONED.',
  })
  abandonedReason?: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Share of the work done, from 0 to 100.' })
  progressPercent: number & Opt = 0;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntResolver, {
    description: 'Money spent so far in minor units; may exceed the cost when the work overran.',
  })
  spentToDate: number & Opt = 0;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'Time of the latest update.' })
  updatedAt: Date & Opt = new Date();
}

/** A planned step of a funded project, with photos once there is something to show. */
@Entity({ tableName: 'budget_project_milestone' })
@Index({ properties: ['project', 'plannedOn'] })
@ObjectType({ description: 'A planned step of a funded project.' })
export class ProjectMilestone {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the milestone.' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetProject, deleteRule: 'cascade' })
  project!: BudgetProject;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'What the step delivers, such as "Benches installed".' })
  title!: string;

  /** ISO 8601 calendar date (YYYY-MM-DD). */
  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'Planned date, YYYY-MM-DD.' })
  plannedOn!: string;

  /** ISO 8601 calendar date (YYYY-MM-DD). */
  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Date the step was done, YYYY-MM-DD; null while open.',
  })
  completedOn?: string | null;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'https URLs of photos of the step.' })
  photoUrls: string[] & Opt = [];

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
