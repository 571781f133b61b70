import {
  Entity,
  ManyToOne,
  PrimaryKey,
  PrimaryKeyProp,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { BallotChannel } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';

/**
 * The record that a voter took part in an edition, without what they voted. The primary key
 * (edition, voter hash) lets the database reject a second ballot from the same voter. No
 * column links it to the voter's `Ballot`.
 */
@Entity({ tableName: 'ballot_voter' })
export class BallotVoter {
  [PrimaryKeyProp]?: ['edition', 'voterHash'];

  @ManyToOne({ entity: () => BudgetEdition, primary: true, deleteRule: 'cascade' })
  edition!: BudgetEdition;

  /** `hashIdentifier` of the voter id in the `budget-voter:<edition>` namespace. */
  @PrimaryKey({ type: 'string', length: 64 })
  voterHash!: string;
}

/**
 * What one ballot contains, without who cast it. `changeToken` is a keyed hash of the voter id
 * in a namespace of its own, so only the server, which holds the key, can find a voter's ballot
 * to replace it; it never equals the voter hash of `BallotVoter`.
 */
@Entity({ tableName: 'ballot' })
@Unique({ properties: ['edition', 'changeToken'] })
export class Ballot {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetEdition, deleteRule: 'cascade' })
  edition!: BudgetEdition;

  /** Null on ballots stored before tokens existed; those ballots cannot be changed. */
  @Property({ type: 'string', length: 64, nullable: true })
  changeToken?: string | null;

  @Property({ type: 'string', length: 10 })
  channel!: BallotChannel;
}

/** One project named on a ballot, with the points it received and its position. */
@Entity({ tableName: 'ballot_item' })
export class BallotItem {
  [PrimaryKeyProp]?: ['ballot', 'project'];

  @ManyToOne({ entity: () => Ballot, primary: true, deleteRule: 'cascade' })
  ballot!: Ballot;

  @ManyToOne({ entity: () => BudgetProject, primary: true, deleteRule: 'cascade' })
  project!: BudgetProject;

  /** 1 on approval and choose-1 ballots, the given points on cumulative and ordinal ones. */
  @Property({ type: 'integer' })
  points!: number;

  /** 0-based place on the ballot, which is the rank on an ordinal ballot. */
  @Property({ type: 'integer' })
  position!: number;
}
