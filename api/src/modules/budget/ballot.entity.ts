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
 * One voter's ballot. The voter is stored only as a keyed hash, and the unique index on
 * (edition, voter hash) lets the database reject a second ballot from the same voter.
 */
@Entity({ tableName: 'ballot' })
@Unique({ properties: ['edition', 'voterHash'] })
export class Ballot {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne({ entity: () => BudgetEdition, deleteRule: 'cascade' })
  edition!: BudgetEdition;

  /** `hashIdentifier` of the voter id, never the id itself. */
  @Property({ type: 'string', length: 64 })
  voterHash!: string;

  @Property({ type: 'string', length: 10 })
  channel!: BallotChannel;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
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
