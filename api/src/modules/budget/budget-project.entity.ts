import {
  BigIntType,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BudgetEdition } from './budget-edition.entity';

/** A project on the ballot of one edition. Cost in minor units. */
@Entity({ tableName: 'budget_project' })
@Unique({ properties: ['edition', 'code'] })
@ObjectType({ description: 'A project on the ballot of a budget edition.' })
export class BudgetProject {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the project, used on ballots.' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetEdition, deleteRule: 'cascade' })
  edition!: BudgetEdition;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, {
    description: 'Project number as the city published it, such as L8/01/VIII.',
  })
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Title of the project.' })
  name!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntResolver, { description: 'Cost in minor units (1/100 of the currency).' })
  cost!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Category, as the source names it.' })
  category?: string | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Latitude of the project site (WGS84).' })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Longitude of the project site (WGS84).' })
  longitude?: number | null;

  @Property({ type: 'boolean', nullable: true })
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the city funded the project, as published; null when the source does not say.',
  })
  publishedSelected?: boolean | null;

  /** Position in the source, the last tie-break of the selection rules. */
  @Property({ type: 'integer' })
  position!: number;

  /** Ballots naming the project, kept in step with each ballot by an atomic increment. */
  @Property({ type: 'integer' })
  votes: number & Opt = 0;

  /** Sum of the points the project received, kept in step like `votes`. */
  @Property({ type: 'integer' })
  score: number & Opt = 0;
}
