import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** A city or data set whose cases are kept together, such as `nyc` or `demo`. */
@Entity({ tableName: 'jurisdiction' })
export class Jurisdiction {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Short lower-case code; its upper-case form prefixes case numbers. */
  @Property({ type: 'string', length: 40 })
  @Unique()
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;
}
