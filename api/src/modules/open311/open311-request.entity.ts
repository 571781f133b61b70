import {
  Entity,
  ManyToOne,
  OneToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { AttributeAnswer } from '@ratusz/shared';
import { ApiKey } from '../access/api-key.entity';
import { ServiceCase } from '../cases/case.entity';
import { ServiceDefinition } from '../catalogue/service-definition.entity';

/**
 * What an Open311 POST added to its case: the service definition version it was filed under,
 * the answers to its attributes, the location text and the batch token. Submitter
 * identifiers (e-mail, phone, device id, account id) are kept only as keyed hashes, and first
 * and last names are not stored at all. None of these fields is public.
 */
@Entity({ tableName: 'open311_request' })
export class Open311Request {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @OneToOne(() => ServiceCase, { owner: true, deleteRule: 'cascade', unique: true })
  serviceCase!: ServiceCase;

  @ManyToOne(() => ServiceDefinition)
  definition!: ServiceDefinition;

  @ManyToOne(() => ApiKey, { nullable: true, deleteRule: 'set null' })
  apiKey?: ApiKey | null;

  /** Token returned to clients of `batch` services, exchanged for the id at `/tokens`. */
  @Property({ type: 'string', length: 64, nullable: true })
  @Unique()
  token?: string | null;

  @Property({ type: 'json' })
  answers!: Record<string, AttributeAnswer>;

  @Property({ type: 'text', nullable: true, lazy: true })
  addressString?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  addressId?: string | null;

  @Property({ type: 'text', nullable: true, lazy: true })
  mediaUrl?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  emailHash?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  phoneHash?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  deviceIdHash?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  accountIdHash?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
