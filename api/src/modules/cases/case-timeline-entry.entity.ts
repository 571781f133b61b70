import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { CaseStatus, CloseReason } from '@ratusz/shared';
import { ServiceCase } from './case.entity';
import type { TimelineActor, TimelineEntryKind, TimelineVisibility } from './case-timeline.enums';

/**
 * One event in a case's history: its opening, a status change, a note, an assignment, a
 * resident's confirmation or reopening, or a missed deadline. `note` is free text written by
 * staff or the resident, so it never reaches logs or events, and INTERNAL entries are shown
 * to staff only.
 */
@Entity({ tableName: 'case_timeline_entry' })
@Unique({ properties: ['serviceCase', 'position'] })
@Index({ properties: ['serviceCase', 'visibility'] })
export class CaseTimelineEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ServiceCase, { deleteRule: 'cascade' })
  serviceCase!: ServiceCase;

  /** 1 for the first entry of the case; orders entries written within the same millisecond. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'string', length: 32 })
  kind!: TimelineEntryKind;

  @Property({ type: 'string', length: 16 })
  actor!: TimelineActor;

  @Property({ type: 'string', length: 16 })
  visibility!: TimelineVisibility;

  @Property({ type: 'string', length: 32, nullable: true })
  fromStatus?: CaseStatus | null;

  @Property({ type: 'string', length: 32, nullable: true })
  toStatus?: CaseStatus | null;

  @Property({ type: 'string', length: 32, nullable: true })
  closeReason?: CloseReason | null;

  /** Photo URL given as evidence of a fix. */
  @Property({ type: 'string', length: 2000, nullable: true })
  evidenceUrl?: string | null;

  /** Department the case was assigned to, for ASSIGNED entries. */
  @Property({ type: 'uuid', nullable: true })
  departmentId?: string | null;

  /** Agent the case was assigned to, for ASSIGNED entries. */
  @Property({ type: 'string', length: 100, nullable: true })
  agentId?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
