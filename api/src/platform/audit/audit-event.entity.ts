import { Entity, Index, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** Values an audit event may carry: ids, hashes, codes and counts, never personal values. */
export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One entry of the append-only audit trail. Each entry stores the SHA-256 of its own canonical
 * JSON together with the previous entry's hash, so changing or deleting an entry breaks every
 * later link and `npm run audit:verify` finds it.
 */
@Entity({ tableName: 'audit_event' })
@Unique({ properties: ['position'] })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Place in the chain, starting at 1 with no gaps. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'datetime', length: 3 })
  occurredAt!: Date;

  /** Event name, as `noun.verb` in the past tense, such as `account.created`. */
  @Property({ type: 'string', length: 80 })
  @Index()
  action!: string;

  /** Viewer id of the account that caused the event, or null for the system and command-line tools. */
  @Property({ type: 'string', length: 80, nullable: true })
  actorId!: string | null;

  /** Kind of record the event is about, such as `account`. */
  @Property({ type: 'string', length: 40 })
  subjectType!: string;

  @Property({ type: 'string', length: 80 })
  subjectId!: string;

  @Property({ type: 'json' })
  details!: AuditDetails;

  /** Hash of the entry at `position - 1`, or 64 zeros for the first entry. */
  @Property({ type: 'string', length: 64 })
  previousHash!: string;

  /** Hex SHA-256 over `previousHash` and the canonical JSON of this entry's other fields. */
  @Property({ type: 'string', length: 64 })
  hash!: string;
}

/**
 * The single row that records the last position and hash of the audit chain. Every append first
 * updates this row, which takes the row lock on PostgreSQL (and the write lock on SQLite), so
 * concurrent appends queue up instead of forking the chain.
 */
@Entity({ tableName: 'audit_chain_head' })
export class AuditChainHead {
  /** Always 1. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 64 })
  hash!: string;
}
