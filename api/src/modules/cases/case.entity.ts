import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { CaseChannel, CaseStatus, CloseReason } from '@ratusz/shared';
import { Category } from './category.entity';
import { Department } from './department.entity';
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
@Index({ properties: ['department', 'status'] })
@Index({ properties: ['dueAt'] })
@Index({ properties: ['warningAt'] })
@Index({ properties: ['duplicateOf'] })
@Index({ properties: ['reporterAccountId', 'createdAt'] })
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

  @Property({ type: 'string', length: 32, nullable: true })
  closeReason?: CloseReason | null;

  /** Photo URL given as evidence when the case was resolved or closed as FIXED. */
  @Property({ type: 'string', length: 2000, nullable: true })
  fixEvidenceUrl?: string | null;

  /** First staff response: the first status change or public note by staff. */
  @Property({ type: 'datetime', nullable: true })
  respondedAt?: Date | null;

  /** Latest resolution; cleared when the case is reopened. */
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  /** Department whose queue the case is in. */
  @ManyToOne(() => Department, { nullable: true, deleteRule: 'set null' })
  department?: Department | null;

  /** Agent handling the case, as a local account id or an `oidc:` viewer id. Staff-only. */
  @Property({ type: 'string', length: 100, nullable: true })
  agentId?: string | null;

  @Property({ type: 'datetime', nullable: true })
  warningAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  dueAt?: Date | null;

  /** Start of the current pause of the deadline clock (WAITING_FOR_RESIDENT), or null. */
  @Property({ type: 'datetime', nullable: true })
  clockPausedAt?: Date | null;

  /** When the deadline checker published SLA_WARNING; set once, so only one process sends it. */
  @Property({ type: 'datetime', nullable: true })
  warningSentAt?: Date | null;

  /** When the deadline checker published SLA_BREACHED; set once, so only one process sends it. */
  @Property({ type: 'datetime', nullable: true })
  breachSentAt?: Date | null;

  /** Master case this one was merged into as a duplicate; set together with closeReason DUPLICATE. */
  @ManyToOne(() => ServiceCase, { nullable: true, deleteRule: 'set null' })
  duplicateOf?: ServiceCase | null;

  /**
   * Viewer id of the signed-in resident who opened the case through GraphQL: a local account id
   * or an `oidc:` id. Null for anonymous reports, other channels and cases staff filed.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  reporterAccountId?: string | null;

  /** Number of timeline entries, which gives each new entry its position. */
  @Property({ type: 'integer', default: 0 })
  timelineLength: number & Opt = 0;
}
