import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ServiceCase } from '../cases/case.entity';

/**
 * One resident's "me too" on an existing case. The resident is stored only as a keyed hash of
 * the account id, and the unique (case, resident) pair lets each resident support a case once,
 * even when two requests arrive together.
 */
@Entity({ tableName: 'case_support' })
@Unique({ properties: ['serviceCase', 'residentHash'] })
@Index({ properties: ['residentHash'] })
export class CaseSupport {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ServiceCase, { deleteRule: 'cascade' })
  serviceCase!: ServiceCase;

  /** `hashIdentifier` of the resident's account id in the `case-support` namespace. */
  @Property({ type: 'string', length: 64 })
  residentHash!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
