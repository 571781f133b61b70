import { invalidPersonId, isRecordId, personIdProblem } from '../../platform/ids';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  BALLOT_RULES,
  ballotPoints,
  compareRules,
  countBudget,
  validateBallot,
  type BallotRules,
  type BudgetRuleName,
  type CountElection,
  type RuleComparison,
  type RuleOutcome,
  type TallySnapshot,
  type TieBreakOrder,
  ruleProblem,
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

/** Thrown for a count request a client can fix, such as a negative budget. */
export class CountRequestError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

/** Settings of an explanation or what-if count that differ from the edition's own. */
export type CountOverrides = {
  rule?: BudgetRuleName | null;
  tieBreak?: TieBreakOrder | null;
  /** Budget in minor units. */
  budget?: number | null;
};

/** An edition's projects by id, with an outcome computed over them. */
export type EditionCount<T> = { projects: Map<string, BudgetProject>; result: T };

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
      | 'tieBreak'
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

  /**
   * Creates an edition without projects. Throws a `RangeError` when its rule cannot count its
   * vote type, such as equal shares on cumulative ballots.
   */
  async createEdition(input: NewEdition): Promise<BudgetEdition> {
    const problem = ruleProblem(input.rule, input.voteType);
    if (problem) {
      throw new RangeError(`edition ${input.name}: ${problem}`);
    }
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

  /** Loads an edition with its projects in source order, bypassing the identity map. */
  private async editionWithProjects(editionId: string) {
    const edition = isRecordId(editionId)
      ? await this.em.findOne(BudgetEdition, editionId, { refresh: true })
      : null;
    if (!edition) {
      return null;
    }
    const projects = await this.em.find(
      BudgetProject,
      { edition },
      { orderBy: { position: 'asc' }, refresh: true },
    );

    return { edition, projects };
  }

  /**
   * Returns the approved project ids of every ballot of an edition, an empty list for a ballot
   * without items, because equal shares divides the budget by every voter.
   */
  async approvalBallots(editionId: string): Promise<string[][]> {
    const rows: { ballot_id: string; project_id: string | null }[] = await this.em
      .getConnection()
      .execute(
        `select ballot.id as ballot_id, item.project_id
           from ballot left join ballot_item item on item.ballot_id = ballot.id
          where ballot.edition_id = ? order by ballot.id`,
        [editionId],
      );
    const ballots = new Map<string, string[]>();
    for (const row of rows) {
      const ballot = ballots.get(row.ballot_id) ?? [];
      if (row.project_id !== null) {
        ballot.push(row.project_id);
      }
      ballots.set(row.ballot_id, ballot);
    }

    return [...ballots.values()];
  }

  private async countInput(
    edition: BudgetEdition,
    projects: BudgetProject[],
    rules: readonly BudgetRuleName[],
    overrides: CountOverrides,
  ): Promise<CountElection> {
    const needsBallots =
      rules.some((rule) => BALLOT_RULES.includes(rule)) &&
      (edition.voteType === 'approval' || edition.voteType === 'choose-1');
    const budget = overrides.budget ?? edition.budget;
    if (!Number.isSafeInteger(budget) || budget < 0) {
      throw new CountRequestError(
        `budget must be a non-negative whole number of minor units, got ${budget}`,
      );
    }

    return {
      voteType: edition.voteType,
      budget,
      projects: projects.map((project) => ({
        id: project.id,
        cost: project.cost,
        votes: project.votes,
        score: project.score,
      })),
      ballots: needsBallots ? await this.approvalBallots(edition.id) : undefined,
      minProjectScore: edition.minProjectScore,
      tieBreak: overrides.tieBreak ?? edition.tieBreak,
    };
  }

  /**
   * Computes the tally of an edition from its counters (and its ballots, for rules that read
   * them): votes, scores, and the projects its rule selects. Returns null for an unknown edition.
   */
  async tally(editionId: string): Promise<TallySnapshot | null> {
    const loaded = await this.editionWithProjects(editionId);
    if (!loaded) {
      return null;
    }
    const { edition, projects } = loaded;
    const election = await this.countInput(edition, projects, [edition.rule], {});
    const outcome = countBudget(election, edition.rule);
    const byId = new Map(projects.map((project) => [project.id, project]));

    return {
      editionId: edition.id,
      rule: edition.rule,
      tieBreak: outcome.tieBreak,
      currency: edition.currency,
      budget: edition.budget,
      spent: outcome.spent,
      ballotCount: edition.ballotCount,
      projects: outcome.projects.map((selected) => {
        const project = byId.get(selected.id)!;

        return {
          projectId: project.id,
          code: project.code,
          name: project.name,
          cost: project.cost,
          votes: project.votes,
          score: project.score,
          selected: selected.selected,
          reason: selected.reason,
          rank: selected.rank,
        };
      }),
      updatedAt: edition.tallyUpdatedAt.toISOString(),
    };
  }

  /**
   * Counts an edition under its rule, or the rule, tie-break and budget in `overrides`, and
   * explains every project. Returns null for an unknown edition. Throws a
   * `RuleNotApplicableError` when the rule cannot count the edition's vote type.
   */
  async explain(
    editionId: string,
    overrides: CountOverrides = {},
  ): Promise<EditionCount<RuleOutcome> | null> {
    const loaded = await this.editionWithProjects(editionId);
    if (!loaded) {
      return null;
    }
    const { edition, projects } = loaded;
    const rule = overrides.rule ?? edition.rule;
    const election = await this.countInput(edition, projects, [rule], overrides);
    const result = countBudget(election, rule, { explain: true });

    return { projects: new Map(projects.map((p) => [p.id, p])), result };
  }

  /**
   * Counts an edition under every rule side by side, with its own budget or the one in
   * `overrides`. Returns null for an unknown edition.
   */
  async whatIf(
    editionId: string,
    overrides: Omit<CountOverrides, 'rule'> = {},
  ): Promise<EditionCount<RuleComparison[]> | null> {
    const loaded = await this.editionWithProjects(editionId);
    if (!loaded) {
      return null;
    }
    const { edition, projects } = loaded;
    const election = await this.countInput(edition, projects, BALLOT_RULES, overrides);
    const result = compareRules(election, { explain: true });

    return { projects: new Map(projects.map((p) => [p.id, p])), result };
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
