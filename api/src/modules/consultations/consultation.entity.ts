import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** A question put to residents, answered by voting on short statements. */
@Entity({ tableName: 'consultation' })
export class Consultation {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Origin of the consultation, such as the URL of an imported Polis conversation. */
  @Property({ type: 'string', length: 500, nullable: true })
  source?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
