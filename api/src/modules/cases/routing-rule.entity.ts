import { Entity, Index, ManyToOne, PrimaryKey, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Category } from './category.entity';
import { Department } from './department.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';

/**
 * Sends new cases of a category, a district, or a category within a district to a department.
 * The most specific matching rule wins (see `routeCase`).
 */
@Entity({ tableName: 'routing_rule' })
@Index({ properties: ['jurisdiction'] })
export class RoutingRule {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Jurisdiction, { deleteRule: 'cascade' })
  jurisdiction!: Jurisdiction;

  /** Null matches every category. */
  @ManyToOne(() => Category, { nullable: true, deleteRule: 'cascade' })
  category?: Category | null;

  /** Null matches every district, and cases without one. */
  @ManyToOne(() => District, { nullable: true, deleteRule: 'cascade' })
  district?: District | null;

  @ManyToOne(() => Department, { deleteRule: 'cascade' })
  department!: Department;
}
