import { Entity, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Jurisdiction } from './jurisdiction.entity';

/** Columns shared by the coded, named records of one jurisdiction (categories and districts). */
@Entity({ abstract: true })
export abstract class JurisdictionScoped {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Jurisdiction, { deleteRule: 'cascade' })
  jurisdiction!: Jurisdiction;

  /** Unique within the jurisdiction. */
  @Property({ type: 'string', length: 120 })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;
}
