import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * The participatory budget of one city in one year: a city-wide edition plus district
 * editions, which share a name, a currency, a voter register and a schedule. Each edition is
 * still counted on its own.
 */
@Entity({ tableName: 'budget_process' })
@Unique({ properties: ['unit', 'year'] })
@ObjectType({ description: 'The budgets of one city in one year, sharing a register and a schedule.' })
export class BudgetProcess {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Identifier of the process.' })
  id: string & Opt = randomUUID();

  @Property({ type: 'string', length: 255 })
  @Field(() => String, { description: 'Shared name, such as "Warszawa 2026".' })
  name!: string;

  @Property({ type: 'string', length: 255 })
  @Field(() => String, { description: 'City or region that runs the budget.' })
  unit!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Budget year.' })
  year!: number;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'ISO 4217 currency code shared by every edition.' })
  currency!: string;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Minimum age in whole years on the day a ballot is cast; null for no limit.',
  })
  minimumAge?: number | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'Planned end of voting, copied to editions created in the process.',
  })
  votingClosesAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'Planned publication of the counts, copied to editions created in the process.',
  })
  resultsPublishAt?: Date | null;

  /** Entries in the voter register; 0 means any voter id may vote, as before registers existed. */
  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'People in the voter register; 0 when there is none.' })
  registerSize: number & Opt = 0;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
