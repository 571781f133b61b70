import { invalidPersonId, isRecordId, personIdProblem } from '../../platform/ids';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  ballotPoints,
  selectProjects,
  validateBallot,
  type BallotRules,
  type TallySnapshot,
} from '@ratusz/shared';
import type { PageWindow } from '../../platform/graphql/connection';
import { hashIdentifier } from '../../platform/identity';
import type { EventBus } from '../../platform/pubsub';
import {
  alreadyVoted,
  ballotErrors,
  editionNotFound,
  importChannelRejected,
  type BallotError,
} from './ballot.errors';
import { Ballot, BallotItem } from './ballot.entity';
import { storeBallots } from './ballot.writer';
import type { BallotChannel } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';

/** Facts of a new edition. Money in minor units. */
export type NewEdition = Pick<BudgetEdition, 'name' | 'currency' | 'budget' | 'voteType' | 'rule'> &
  Partial<
    Pick<
      BudgetEdition,
      | 'country'
      | 'unit'
      | 'subunit'
      | 'description'
      | 'sourceRule'
      | 'minProjectScore'
      | 'minLength'
      | 'maxLength'
      | 'maxSumCost'
      | 'minSumPoints'
      | 'maxSumPoints'
      | 'maxPointsPerProject'
      | 'pointsByPosition'
      | 'meta'
    >
  >;

/** Facts of a new project. Cost in minor units. */
export type NewProject = Pick<BudgetProject, 'code' | 'name' | 'cost'> &
  Partial<
    Pick<BudgetProject, 'category' | 'latitude' | 'longitude' | 'publishedSelected' | 'position'>
  >;

/** A ballot as a voter casts it; `voterId` is hashed before anything is stored. */
export type CastBallot = {
  editionId: string;
  voterId: string;
  projectIds: string[];
  points?: number[] | null;
  channel: BallotChannel;
};

/** The outcome of `castBallot`: the stored ballot and new tally, or the reasons it was not counted. */
export type CastBallotResult =
  | { ballotId: string; tally: TallySnapshot; errors: [] }
  | { ballotId: null; tally: null; errors: BallotError[] };

/** Ballot limits of an edition in the shape the shared rules take. */
export function ballotRulesOf(edition: BudgetEdition): BallotRules {
  const limits = { minLength: edition.minLength ?? null, maxLength: edition.maxLength ?? null };
  switch (edition.voteType) {
    case 'approval':
      return { voteType: 'approval', ...limits, maxSumCost: edition.maxSumCost ?? null };
    case 'choose-1':
      return { voteType: 'choose-1' };
    case 'cumulative':
      return {
        voteType: 'cumulative',
        ...limits,
        minSumPoints: edition.minSumPoints ?? null,
        maxSumPoints: edition.maxSumPoints ?? null,
        maxPointsPerProject: edition.maxPointsPerProject ?? null,
      };
    case 'ordinal':
      return { voteType: 'ordinal', ...limits, pointsByPosition: edition.pointsByPosition ?? null };
  }
}

/**
 * Budget editions, their projects, ballots and tallies. Resolvers, the pabulib importer and
 * the demo seed all write through it, so every ballot is validated and counted the same way.
 */
export class BudgetService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: { hashKey: string; events?: EventBus },
  ) {}

  /** Derives the stored voter hash; the namespace keeps one person's hashes apart across editions. */
  voterHash(editionId: string, voterId: string): string {
    return hashIdentifier(this.deps.hashKey, `budget-voter:${editionId}`, voterId);
  }

  /** Creates an edition without projects. */
  async createEdition(input: NewEdition): Promise<BudgetEdition> {
    const edition = this.em.create(BudgetEdition, input);
    await this.em.flush();

    return edition;
  }

  /** Adds one project to an edition, after the projects it already has. */
  async addProject(edition: BudgetEdition, input: NewProject): Promise<BudgetProject> {
    const [project] = await this.addProjects(edition, [input]);

    return project!;
  }

  /** Adds projects to an edition in one flush; `position` defaults to the order given. */
  async addProjects(edition: BudgetEdition, inputs: NewProject[]): Promise<BudgetProject[]> {
    const existing = await this.em.count(BudgetProject, { edition });
    const projects = inputs.map((input, index) =>
      this.em.create(BudgetProject, { position: existing + index, ...input, edition }),
    );
    await this.em.flush();

    return projects;
  }

  /** Returns one page of editions, newest first, with the total number. */
  async listEditions(window: PageWindow) {
    const [nodes, total] = await this.em.findAndCount(
      BudgetEdition,
      {},
      { orderBy: { createdAt: 'desc', id: 'asc' }, offset: window.offset, limit: window.limit },
    );

    return { nodes, total };
  }

  /** Returns one page of an edition's projects in source order, with the total number. */
  async listProjects(editionId: string, window: PageWindow) {
    const [nodes, total] = await this.em.findAndCount(
      BudgetProject,
      { edition: editionId },
      { orderBy: { position: 'asc' }, offset: window.offset, limit: window.limit },
    );

    return { nodes, total };
  }

  /**
   * Computes the tally of an edition from its counters: votes, scores, and the projects its
   * rule selects. Returns null for an unknown edition.
   */
  async tally(editionId: string): Promise<TallySnapshot | null> {
    const edition = await this.em.findOne(BudgetEdition, editionId, { refresh: true });
    if (!edition) {
      return null;
    }
    const projects = await this.em.find(
      BudgetProject,
      { edition },
      { orderBy: { position: 'asc' }, refresh: true },
    );
    const bySupport = edition.voteType === 'approval' || edition.voteType === 'choose-1';
    const selection = selectProjects(
      projects.map((project) => ({
        id: project.id,
        cost: project.cost,
        support: bySupport ? project.votes : project.score,
      })),
      edition.rule,
      edition.budget,
      { minProjectScore: edition.minProjectScore },
    );
    const byId = new Map(projects.map((project) => [project.id, project]));

    return {
      editionId: edition.id,
      rule: edition.rule,
      currency: edition.currency,
      budget: edition.budget,
      spent: selection.spent,
      ballotCount: edition.ballotCount,
      projects: selection.projects.map((selected) => {
        const project = byId.get(selected.id)!;

        return {
          projectId: project.id,
          code: project.code,
          name: project.name,
          cost: project.cost,
          votes: project.votes,
          score: project.score,
          selected: selected.selected,
          rank: selected.rank,
        };
      }),
      updatedAt: edition.tallyUpdatedAt.toISOString(),
    };
  }

  /**
   * Counts votes and points per project from the stored ballot items, independently of the
   * counters, so the two can be compared.
   */
  async recount(editionId: string): Promise<Map<string, { votes: number; score: number }>> {
    const rows: { project_id: string; votes: number | string; score: number | string }[] =
      await this.em.getConnection().execute(
        `select item.project_id, count(*) as votes, sum(item.points) as score
           from ballot_item item join ballot on ballot.id = item.ballot_id
          where ballot.edition_id = ? group by item.project_id`,
        [editionId],
      );

    return new Map(
      rows.map((row) => [row.project_id, { votes: Number(row.votes), score: Number(row.score) }]),
    );
  }

  /**
   * Validates and stores one ballot, raises the counters in the same transaction, and
   * publishes the new tally on TALLY_UPDATED. A voter's second ballot gets ALREADY_VOTED,
   * found by a look-up first and by the unique index when two ballots race.
   */
  async castBallot(input: CastBallot): Promise<CastBallotResult> {
    if (input.channel === 'IMPORT') {
      return { ballotId: null, tally: null, errors: [importChannelRejected()] };
    }
    // NOTE: PAPER ballots are meant for staff entering paper votes; until roles exist any
    // client may declare that channel.
    const voterProblem = personIdProblem(input.voterId);
    if (voterProblem) {
      return { ballotId: null, tally: null, errors: [invalidPersonId('voterId', voterProblem)] };
    }
    const edition = isRecordId(input.editionId)
      ? await this.em.findOne(BudgetEdition, input.editionId)
      : null;
    if (!edition) {
      return { ballotId: null, tally: null, errors: [editionNotFound(input.editionId)] };
    }
    const projects = await this.em.find(BudgetProject, { edition });
    const rules = ballotRulesOf(edition);
    const ballot = { projectIds: input.projectIds, points: input.points };
    const violations = validateBallot(rules, ballot, new Map(projects.map((p) => [p.id, p])));
    if (violations.length > 0) {
      return { ballotId: null, tally: null, errors: ballotErrors(violations) };
    }

    const voterHash = this.voterHash(edition.id, input.voterId);
    if ((await this.em.count(Ballot, { edition, voterHash })) > 0) {
      return { ballotId: null, tally: null, errors: [alreadyVoted()] };
    }
    const points = ballotPoints(rules, ballot);
    const stored = {
      voterHash,
      channel: input.channel,
      items: input.projectIds.map((projectId, index) => ({ projectId, points: points[index]! })),
    };
    let ballotId: string;
    try {
      [ballotId] = (await this.em.transactional((tx) =>
        storeBallots(tx, edition.id, [stored]),
      )) as [string];
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        return { ballotId: null, tally: null, errors: [alreadyVoted()] };
      }
      throw error;
    }

    const tally = (await this.tally(edition.id))!;
    await this.deps.events?.pubSub.publish('TALLY_UPDATED', edition.id, tally);

    return { ballotId, tally, errors: [] };
  }
}
