import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { CaseChannel, CaseStatus } from '@ratusz/shared';
import { Category } from './category.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';

/**
 * One 311 service request. `description` is resident free text: it is stored for staff and
 * never leaves the API through public fields, events or logs.
 */
@Entity({ tableName: 'service_case' })
@Unique({ properties: ['jurisdiction', 'externalId'] })
@Index({ properties: ['jurisdiction', 'createdAt'] })
@Index({ properties: ['jurisdiction', 'status'] })
@Index({ properties: ['jurisdiction', 'channel'] })
@Index({ properties: ['category', 'createdAt'] })
@Index({ properties: ['district', 'createdAt'] })
export class ServiceCase {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** `<CODE>-<year>-<sequence>` for cases opened here, `<CODE>-<externalId>` for imported ones. */
  @Property({ type: 'string', length: 140 })
  @Unique()
  number!: string;

  @ManyToOne(() => Jurisdiction, { deleteRule: 'cascade' })
  jurisdiction!: Jurisdiction;

  @ManyToOne(() => Category)
  category!: Category;

  @ManyToOne(() => District, { nullable: true })
  district?: District | null;

  @Property({ type: 'string', length: 32 })
  status!: CaseStatus;

  /** Status as the source system wrote it, for imported cases. */
  @Property({ type: 'string', length: 100, nullable: true })
  sourceStatus?: string | null;

  @Property({ type: 'string', length: 32 })
  channel!: CaseChannel;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Property({ type: 'text', nullable: true, lazy: true })
  description?: string | null;

  /** Id of the request in the system it was imported from. */
  @Property({ type: 'string', length: 100, nullable: true })
  externalId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;
}
