import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import type { Role } from '@ratusz/shared';

/**
 * A user of the OpenID Connect issuer, as their newest verified token described them. The issuer
 * owns these users, so the API learns of one only when their first token arrives: the row is
 * created then, and updated when a token issued no earlier carries other roles or another
 * department. Staff can
 * therefore assign cases only to OIDC users who have signed in at least once.
 */
@Entity({ tableName: 'oidc_account' })
export class OidcAccount {
  /** The viewer id: `oidc:` and the keyed hash of the issuer and subject, 48 characters. */
  @PrimaryKey({ type: 'string', length: 48 })
  id!: string;

  /** Roles besides PUBLIC that the newest token granted. */
  @Property({ type: 'json' })
  roles!: Role[];

  /** Department claim of the newest token, a code or an id, or null when the token names none. */
  @Property({ type: 'text', nullable: true })
  departmentId?: string | null = null;

  /**
   * Issue time (`iat`) of the token whose roles and department the row holds. A token issued
   * earlier does not change the row, so replaying an older token cannot restore a withdrawn role.
   */
  @Property({ type: 'datetime', nullable: true })
  tokenIssuedAt?: Date | null = null;

  /** Time the first token of this user was verified. */
  @Property({ type: 'datetime' })
  firstSeenAt: Date & Opt = new Date();

  /** Time the roles or department last changed to match a token. */
  @Property({ type: 'datetime' })
  updatedAt: Date & Opt = new Date();
}
