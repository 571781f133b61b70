import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import type { Role } from '@ratusz/shared';

/**
 * A user of the OpenID Connect issuer, as their last verified token described them. The issuer
 * owns these users, so the API learns of one only when their first token arrives: the row is
 * created then, and updated when a token carries other roles or another department. Staff can
 * therefore assign cases only to OIDC users who have signed in at least once.
 */
@Entity({ tableName: 'oidc_account' })
export class OidcAccount {
  /** The viewer id: `oidc:` and the keyed hash of the issuer and subject, 48 characters. */
  @PrimaryKey({ type: 'string', length: 48 })
  id!: string;

  /** Roles besides PUBLIC that the last token granted. */
  @Property({ type: 'json' })
  roles!: Role[];

  /** Department claim of the last token, a code or an id; null when the token names none. */
  @Property({ type: 'text', nullable: true })
  departmentId?: string | null = null;

  /** When the first token of this user was verified. */
  @Property({ type: 'datetime' })
  firstSeenAt: Date & Opt = new Date();

  /** When the roles or department last changed to match a token. */
  @Property({ type: 'datetime' })
  updatedAt: Date & Opt = new Date();
}
