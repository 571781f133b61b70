import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import type { Role, VerificationLevel } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';

/**
 * A local account for the embedded mode, where the city runs no identity provider of its own.
 * The login name is stored only as a keyed hash, so the table contains no personal values.
 */
@Entity({ tableName: 'account' })
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** `hashIdentifier` of the normalised login name, used to find the account at sign-in. */
  @Property({ type: 'string', length: 64 })
  @Unique()
  loginHash!: string;

  /** Argon2id hash in PHC string format, with its parameters and salt. */
  @Property({ type: 'string', length: 255, hidden: true })
  passwordHash!: string;

  /** Roles besides PUBLIC, which every viewer holds. */
  @Property({ type: 'json' })
  roles!: Role[];

  @Property({ type: 'string', length: 20, nullable: true })
  verificationLevel?: VerificationLevel | null = null;

  /** Department of a staff account, such as `roads`; null for residents. */
  @Property({ type: 'string', length: 64, nullable: true })
  departmentId?: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** When set, sign-in and existing sessions of the account stop working. */
  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null = null;

  /**
   * `residentIdHash` of the resident id an administrator linked to this account, or null. It lets
   * the resident export or erase the records that consultations, proposals and ballots keep
   * under that id, and no one else's.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  residentIdHash?: string | null = null;

  /** When the person's data was erased; the account stays disabled and its login hash is random. */
  @Property({ type: 'datetime', nullable: true })
  erasedAt?: Date | null = null;
}

/** A signed-in session. The bearer token itself is never stored, only its SHA-256. */
@Entity({ tableName: 'account_session' })
export class AccountSession {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null = null;
}
