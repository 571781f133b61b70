import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import type { StatementVoteValue } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import { Statement } from './statement.entity';

/**
 * The current vote of one participant on one statement. The unique index keeps exactly one
 * row per participant and statement, however many times the participant votes.
 */
@Entity({ tableName: 'statement_vote' })
@Unique({ properties: ['statement', 'participantHash'] })
export class StatementVote {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Statement, { deleteRule: 'cascade' })
  statement!: Statement;

  /** Keyed hash of the participant id; the raw id is never stored. */
  @Property({ type: 'string', length: 64 })
  participantHash!: string;

  // NOTE: no database check limits the values, because the SQLite schema diff of MikroORM 6.6
  // does not read enum checks back and reports a difference forever. The GraphQL enum and the
  // importer admit only the listed values.
  @Property({ type: 'string', length: 16 })
  value!: StatementVoteValue;

  /** When the participant cast this vote. */
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** Every vote ever cast, re-votes included: the audit trail behind the current votes. */
@Entity({ tableName: 'statement_vote_event' })
@Index({ properties: ['statement', 'value'] })
export class StatementVoteEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Statement, { deleteRule: 'cascade' })
  statement!: Statement;

  /** Keyed hash of the participant id; the raw id is never stored. */
  @Property({ type: 'string', length: 64 })
  participantHash!: string;

  @Property({ type: 'string', length: 16 })
  value!: StatementVoteValue;

  @Property({ type: 'datetime' })
  castAt!: Date;
}
