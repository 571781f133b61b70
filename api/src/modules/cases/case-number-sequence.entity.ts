import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Jurisdiction } from './jurisdiction.entity';

/**
 * Last case number issued per jurisdiction and year. Incremented with one upsert statement, so
 * concurrent `openCase` calls never receive the same number.
 */
@Entity({ tableName: 'case_number_sequence' })
@Unique({ properties: ['jurisdiction', 'year'] })
export class CaseNumberSequence {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Jurisdiction, { deleteRule: 'cascade' })
  jurisdiction!: Jurisdiction;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  lastValue!: number;
}
