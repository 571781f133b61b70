import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ReferendumChannel, VerificationLevel } from '@ratusz/shared';

/** A yes/no or multiple-choice question put to every eligible resident of a city. */
@Entity({ tableName: 'referendum' })
export class Referendum {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Property({ type: 'text' })
  question!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** First instant votes are accepted. */
  @Property({ type: 'datetime' })
  opensAt!: Date;

  /** First instant votes are rejected; closing is possible from then on. */
  @Property({ type: 'datetime' })
  closesAt!: Date;

  /** Turnout, in percent of eligible voters, from which the result is binding. */
  @Property({ type: 'double' })
  quorumPercent!: number;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** When the result was computed and published; null while the referendum is not closed. */
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  /** The published result as JSON (`ReferendumResultSnapshot`); null until closed. */
  @Property({ type: 'text', nullable: true })
  resultJson?: string | null;

  /** SHA-256 (hex) of the canonical form of the ballots and result; null until closed. */
  @Property({ type: 'string', length: 64, nullable: true })
  commitment?: string | null;

  /**
   * Minimum verification level of the resident account behind each INTERNET vote; null when
   * the census alone decides. Fixed once voting opens.
   */
  @Property({ type: 'string', length: 20, nullable: true })
  requiredVerification?: VerificationLevel | null = null;
}

/** One answer a voter can choose. */
@Entity({ tableName: 'referendum_option' })
@Unique({ properties: ['referendum', 'position'] })
export class ReferendumOption {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Referendum, { deleteRule: 'cascade' })
  referendum!: Referendum;

  @Property({ type: 'text' })
  label!: string;

  /** 0-based place on the ballot. */
  @Property({ type: 'integer' })
  position!: number;
}

/** One entry of the eligibility list (census), keyed by the keyed hash of the personal id. */
@Entity({ tableName: 'referendum_eligible_voter' })
@Unique({ properties: ['referendum', 'voterHash'] })
export class ReferendumEligibleVoter {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Referendum, { deleteRule: 'cascade' })
  referendum!: Referendum;

  /** `hashIdentifier` of the personal id, never the id itself. */
  @Property({ type: 'string', length: 64 })
  voterHash!: string;

  /** District the voter is registered in, as the census names it. */
  @Property({ type: 'string', length: 100 })
  district!: string;
}

/**
 * "Who voted": one row per voter who cast a ballot. The unique index makes the database reject
 * a second vote. The row has no time and no link to the ballot, so the two cannot be joined.
 */
@Entity({ tableName: 'referendum_participation' })
@Unique({ properties: ['referendum', 'voterHash'] })
export class ReferendumParticipation {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Referendum, { deleteRule: 'cascade' })
  referendum!: Referendum;

  @Property({ type: 'string', length: 64 })
  voterHash!: string;
}

/**
 * "What was voted": one anonymous ballot with a random id, no voter and no time. District and
 * channel are kept for the results by district and by channel.
 */
// NOTE: both engines store rows in roughly the order they were inserted, so someone with raw
// access to the database files and the participation table could try to pair rows by position.
// The API never exposes either order.
@Entity({ tableName: 'referendum_ballot' })
@Index({ properties: ['referendum', 'option'] })
export class ReferendumBallot {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Referendum, { deleteRule: 'cascade' })
  referendum!: Referendum;

  @ManyToOne(() => ReferendumOption, { deleteRule: 'cascade' })
  option!: ReferendumOption;

  @Property({ type: 'string', length: 100 })
  district!: string;

  // NOTE: no database check limits the values, because the SQLite schema diff of MikroORM 6.6
  // does not read enum checks back. The GraphQL enum admits only the listed values.
  @Property({ type: 'string', length: 16 })
  channel!: ReferendumChannel;
}
