import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import type { ModerationState } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import { Consultation } from './consultation.entity';

/** One statement participants vote on. Its text is public only while it is ACCEPTED. */
@Entity({ tableName: 'statement' })
@Unique({ properties: ['consultation', 'code'] })
@Index({ properties: ['consultation', 'createdAt'] })
export class Statement {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Consultation, { deleteRule: 'cascade' })
  consultation!: Consultation;

  /** Code unique within the consultation; the comment id for Polis imports. */
  @Property({ type: 'string', length: 64 })
  code!: string;

  @Property({ type: 'text' })
  text!: string;

  // NOTE: no database check limits the values, because the SQLite schema diff of MikroORM 6.6
  // does not read enum checks back and reports a difference forever. The GraphQL enum and the
  // importer admit only the listed values.
  @Property({ type: 'string', length: 16 })
  moderation!: ModerationState;

  /** Moderator's reason for a REJECTED statement, shown to nobody but moderators. */
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null;

  /** Keyed hash of the author's participant id, or null when the author is unknown. */
  @Property({ type: 'string', length: 64, nullable: true })
  authorHash?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
