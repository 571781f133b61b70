import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ServiceCase } from '../cases/case.entity';

/**
 * E-mail address of a resident who reported a case by e-mail, kept only to send status
 * notifications. `addressHash` is the keyed hash that matches replies to the case. The outbox
 * worker alone reads `address`, and no GraphQL field, event or log line contains it.
 */
@Entity({ tableName: 'case_contact' })
@Unique({ properties: ['serviceCase', 'addressHash'] })
export class CaseContact {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ServiceCase, { deleteRule: 'cascade' })
  serviceCase!: ServiceCase;

  @Property({ type: 'string', length: 64 })
  addressHash!: string;

  @Property({ type: 'string', length: 320 })
  address!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * File attached to an e-mail about a case. The content is stored in the database, so every API
 * process can serve it without a shared disk and it commits together with the case or note.
 */
@Entity({ tableName: 'case_attachment' })
@Index({ properties: ['serviceCase', 'createdAt'] })
export class CaseAttachment {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ServiceCase, { deleteRule: 'cascade' })
  serviceCase!: ServiceCase;

  @Property({ type: 'string', length: 255 })
  fileName!: string;

  @Property({ type: 'string', length: 255 })
  contentType!: string;

  /** Size of the content in bytes. */
  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 of the content, in lower-case hex. */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  /** Written as a Buffer; read back as a Buffer on PostgreSQL and an ArrayBuffer on SQLite (libsql). */
  @Property({ type: 'blob', lazy: true })
  content!: Buffer | ArrayBuffer;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * One e-mail waiting for the outbox worker, written in the transaction of the change it reports.
 * `lockedUntil` marks a row claimed by one API process. A row with `sentAt` or `failedAt` set is
 * not sent again.
 */
@Entity({ tableName: 'email_outbox_message' })
@Index({ properties: ['sentAt', 'failedAt', 'nextAttemptAt'] })
export class EmailOutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => CaseContact, { deleteRule: 'cascade' })
  contact!: CaseContact;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;

  /** Set when the last allowed attempt failed; the row is not retried after that. */
  @Property({ type: 'datetime', nullable: true })
  failedAt?: Date | null;

  /** Error of the latest failed attempt, without the recipient address. */
  @Property({ type: 'string', length: 500, nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

export const emailEntities = [CaseContact, CaseAttachment, EmailOutboxMessage];
