import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ServiceAttribute, ServiceType } from '@ratusz/shared';
import { Category } from '../cases/category.entity';

/**
 * One version of the Open311 service definition of a category. Versions are never changed:
 * every update or retirement adds the next version, so a request keeps the definition it was
 * filed under. The newest version of a category is its current definition.
 */
@Entity({ tableName: 'service_definition' })
@Unique({ properties: ['category', 'version'] })
@Index({ properties: ['createdAt'] })
export class ServiceDefinition {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** The category whose code is the Open311 `service_code`. */
  @ManyToOne(() => Category, { deleteRule: 'cascade' })
  category!: Category;

  /** 1 for the first definition, then one more per change. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text' })
  description!: string;

  /** Open311 `group`, such as Sanitation. */
  @Property({ type: 'string', length: 200, nullable: true })
  serviceGroup?: string | null;

  @Property({ type: 'json' })
  keywords!: string[];

  @Property({ type: 'string', length: 16 })
  type!: ServiceType;

  /** What the city will do with a request, returned as Open311 `service_notice`. */
  @Property({ type: 'text', nullable: true })
  serviceNotice?: string | null;

  @Property({ type: 'json' })
  attributes!: ServiceAttribute[];

  /** Retired services are no longer listed and accept no new requests. */
  @Property({ type: 'boolean' })
  retired!: boolean;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
