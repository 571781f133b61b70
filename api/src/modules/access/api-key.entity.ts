import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A key that a third-party application sends to use the API. Only a keyed hash of the secret is
 * stored; the secret itself is shown once, when the key is created or rotated.
 */
@Entity({ tableName: 'api_key' })
@Index({ properties: ['createdAt'] })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Name of the application or its owner, for staff. */
  @Property({ type: 'string', length: 200 })
  name!: string;

  /** First characters of the secret, shown in lists so staff can tell keys apart. */
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  /** Keyed hash of the whole secret (`hashIdentifier` in the `api-key` namespace). */
  @Property({ type: 'string', length: 64 })
  @Unique()
  secretHash!: string;

  /** Operations the key may perform, such as `open311:write` or `graphql`. */
  @Property({ type: 'json' })
  scopes!: string[];

  /** Requests per minute the key may send; null for no limit. */
  @Property({ type: 'integer', nullable: true })
  rateLimitPerMinute?: number | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Time of the last rotation; the previous secret stopped working then. */
  @Property({ type: 'datetime', nullable: true })
  rotatedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  /** Time of the last successful authentication, updated at most once a minute. */
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;
}
