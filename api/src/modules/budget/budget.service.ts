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
  RuleNotApplicableError,
} from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import type { PageWindow } from '../../platform/graphql/connection';
import { hashIdentifier } from '../../platform/identity';
import type { Logger } from '../../platform/logger';
import type { EventBus } from '../../platform/pubsub';
import {
  alreadyVoted,
  ballotChangeConflict,
  ballotErrors,
  editionNotFound,
  importChannelRejected,
  type BallotError,
} from './ballot.errors';
import { verifiedParticipationProblem } from '../accounts/required-verification';
import { BallotVoter } from './ballot.entity';
import { replaceBallot, storeBallots, type BallotToStore } from './ballot.writer';
import type { BallotChannel, BudgetPhase } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import {
  canonicalEdition,
  isEmbargoed,
  votingClosedProblem,
  VotingClosedError,
} from './budget-lifecycle';
import { requireBudgetPhase } from './budget-phase';
import { BudgetProcess } from './budget-process.entity';
import { BudgetProject } from './budget-project.entity';
import { eligibilityProblem } from './voter-register';

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
      | 'categoryLimits'
      | 'minLength'
      | 'maxLength'
      | 'maxSumCost'
      | 'minSumPoints'
      | 'maxSumPoints'
      | 'maxPointsPerProject'
      | 'pointsByPosition'
      | 'meta'
      | 'phase'
      | 'allowBallotChange'
      | 'votingClosesAt'
      | 'resultsPublishAt'
    >
  > & { process?: BudgetProcess | null };

/** Facts of a new process: the budgets of one city in one year. */
export type NewProcess = Pick<BudgetProcess, 'name' | 'unit' | 'year' | 'currency'> &
  Partial<Pick<BudgetProcess, 'minimumAge' | 'votingClosesAt' | 'resultsPublishAt'>>;

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
  | { ballotId: string; tally: TallySnapshot | null; errors: [] }
  | { ballotId: null; tally: null; errors: BallotError[] };

/** Counts of the ballots that came through one channel; null counts when withheld. */
export type ChannelTallySnapshot = {
  channel: BallotChannel;
  withheld: boolean;
  ballotCount: number | null;
  projects: { projectId: string; votes: number; score: number }[];
};

/** The published ballot set of an edition in canonical form, with the hash fixed at close. */
export type RevealedBallotSet = {
  editionId: string;
  commitmentHash: string;
  committedAt: Date;
  document: string;
};

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
    private readonly deps: { hashKey: string; events?: EventBus; logger?: Logger },
  ) {}

  /** Derives the stored voter hash; the namespace keeps one person's hashes apart across editions. */
  voterHash(editionId: string, voterId: string): string {
    return hashIdentifier(this.deps.hashKey, `budget-voter:${editionId}`, voterId);
  }

  /** Derives the change token of a voter's ballot, in a namespace apart from `voterHash`. */
  ballotToken(editionId: string, voterId: string): string {
    return hashIdentifier(this.deps.hashKey, `budget-ballot:${editionId}`, voterId);
  }

  /** Derives the hash a voter register stores for a personal id. */
  registerHash(processId: string, personalId: string): string {
    return hashIdentifier(this.deps.hashKey, `budget-register:${processId}`, personalId);
  }

  /** Creates a process that editions of one city and year can join. */
  async createProcess(input: NewProcess): Promise<BudgetProcess> {
    const process = this.em.create(BudgetProcess, input);
    await this.em.flush();

    return process;
  }

  /**
   * Creates an edition without projects. An edition in a process takes the process's currency
   * and, unless given, its scheduled end of voting and publication time. Throws a `RangeError`
   * when its rule cannot count its vote type, such as equal shares on cumulative ballots.
   */
  async createEdition(input: NewEdition): Promise<BudgetEdition> {
    const problem = ruleProblem(input.rule, input.voteType);
    if (problem) {
      throw new RangeError(`edition ${input.name}: ${problem}`);
    }
    const shared = input.process
      ? {
          currency: input.process.currency,
          votingClosesAt: input.votingClosesAt ?? input.process.votingClosesAt ?? null,
          resultsPublishAt: input.resultsPublishAt ?? input.process.resultsPublishAt ?? null,
        }
      : {};
    const edition = this.em.create(BudgetEdition, { ...input, ...shared });
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
        category: project.category ?? null,
        code: project.code,
      })),
      ballots: needsBallots ? await this.approvalBallots(edition.id) : undefined,
      minProjectScore: edition.minProjectScore,
      categoryLimits: edition.categoryLimits ?? [],
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
   * Counts ballots, votes and points per channel from the stored ballots. Channels with fewer
   * than `minCount` ballots are returned without counts, so a handful of paper ballots cannot
   * be singled out.
   */
  async tallyByChannel(editionId: string, minCount: number): Promise<ChannelTallySnapshot[]> {
    const connection = this.em.getConnection();
    const ballots: { channel: BallotChannel; ballots: number | string }[] = await connection.execute(
      'select channel, count(*) as ballots from ballot where edition_id = ? group by channel order by channel',
      [editionId],
    );
    const items: { channel: BallotChannel; project_id: string; votes: number | string; score: number | string }[] =
      await connection.execute(
        `select ballot.channel, item.project_id, count(*) as votes, sum(item.points) as score
           from ballot join ballot_item item on item.ballot_id = ballot.id
          where ballot.edition_id = ? group by ballot.channel, item.project_id
          order by ballot.channel, item.project_id`,
        [editionId],
      );

    return ballots.map((row) => {
      const ballotCount = Number(row.ballots);
      const withheld = ballotCount < minCount;

      return {
        channel: row.channel,
        withheld,
        ballotCount: withheld ? null : ballotCount,
        projects: withheld
          ? []
          : items
              .filter((item) => item.channel === row.channel)
              .map((item) => ({ projectId: item.project_id, votes: Number(item.votes), score: Number(item.score) })),
      };
    });
  }

  /**
   * Returns the canonical ballot set and tally of an edition with its commitment hash, once
   * voting has closed and any embargo has passed; null before that or for an unknown edition.
   */
  async revealBallotSet(editionId: string, now = new Date()): Promise<RevealedBallotSet | null> {
    const edition = isRecordId(editionId) ? await this.em.findOne(BudgetEdition, editionId) : null;
    if (!edition?.commitmentHash || !edition.committedAt || isEmbargoed(edition, now)) {
      return null;
    }

    return {
      editionId: edition.id,
      commitmentHash: edition.commitmentHash,
      committedAt: edition.committedAt,
      document: await canonicalEdition(this.em, edition.id),
    };
  }

  /**
   * Validates and stores one ballot, raises the counters in the same transaction, and
   * schedules a TALLY_UPDATED event unless the edition is under embargo. The result carries the
   * new tally when `includeTally` is set and the edition is not under embargo. The edition
   * must be in VOTING and before `votingClosesAt`, and with a voter register the voter must be
   * eligible. With `requiredVerification` set, an INTERNET ballot must come from
   * `options.viewer`, a verified resident account whose linked resident id is the voter id. A
   * voter's second ballot replaces the first where the edition allows changes and gets
   * ALREADY_VOTED otherwise; the primary key of `ballot_voter` decides when two ballots race.
   */
  async castBallot(
    input: CastBallot,
    options: { includeTally: boolean; viewer?: Viewer } = { includeTally: true },
    now = new Date(),
  ): Promise<CastBallotResult> {
    const rejected = (...errors: BallotError[]): CastBallotResult => ({
      ballotId: null,
      tally: null,
      errors,
    });
    if (input.channel === 'IMPORT') {
      return rejected(importChannelRejected());
    }
    const voterProblem = personIdProblem(input.voterId);
    if (voterProblem) {
      return rejected(invalidPersonId('voterId', voterProblem));
    }
    const edition = isRecordId(input.editionId)
      ? await this.em.findOne(BudgetEdition, input.editionId, { populate: ['process'] })
      : null;
    if (!edition) {
      return rejected(editionNotFound(input.editionId));
    }
    const phaseProblem = requireBudgetPhase(edition, 'VOTING') ?? votingClosedProblem(edition, now);
    if (phaseProblem) {
      return rejected(phaseProblem);
    }
    // PAPER ballots are exempt: staff enter them after checking the voter's identity in person.
    if (edition.requiredVerification && input.channel === 'INTERNET') {
      const problem = await verifiedParticipationProblem(this.em, this.deps, options.viewer, {
        process: `Budget edition "${edition.name}"`,
        required: edition.requiredVerification,
        personId: input.voterId,
        field: 'voterId',
      });
      if (problem) {
        return rejected(problem);
      }
    }
    if (edition.process) {
      const personHash = this.registerHash(edition.process.id, input.voterId);
      const today = now.toISOString().slice(0, 10);
      const problem = await eligibilityProblem(this.em, edition.process, edition, personHash, today);
      if (problem) {
        return rejected(problem);
      }
    }
    const projects = await this.em.find(BudgetProject, { edition }, { fields: ['cost'] });
    const rules = ballotRulesOf(edition);
    const ballot = { projectIds: input.projectIds, points: input.points };
    const violations = validateBallot(rules, ballot, new Map(projects.map((p) => [p.id, p])));
    if (violations.length > 0) {
      return rejected(...ballotErrors(violations));
    }

    const points = ballotPoints(rules, ballot);
    const stored = {
      voterHash: this.voterHash(edition.id, input.voterId),
      changeToken: this.ballotToken(edition.id, input.voterId),
      channel: input.channel,
      items: input.projectIds.map((projectId, index) => ({ projectId, points: points[index]! })),
    };
    let outcome: Awaited<ReturnType<BudgetService['storeOrReplace']>>;
    try {
      outcome = await this.storeOrReplace(edition, stored);
    } catch (error) {
      if (error instanceof VotingClosedError) {
        return rejected(requireBudgetPhase({ name: edition.name, phase: error.phase }, 'VOTING')!);
      }
      throw error;
    }
    if ('error' in outcome) {
      return rejected(outcome.error);
    }

    this.scheduleTallyEvent(edition, now);
    const tally = options.includeTally && !isEmbargoed(edition, now) ? await this.tallyIfCountable(edition.id) : null;

    return { ballotId: outcome.ballotId, tally, errors: [] };
  }

  /**
   * Stores a first ballot, or replaces the voter's ballot when the edition allows changes.
   * Returns the ballot id, or the reason nothing was stored.
   */
  private async storeOrReplace(
    edition: BudgetEdition,
    stored: BallotToStore & { changeToken: string },
  ): Promise<{ ballotId: string } | { error: BallotError }> {
    // A look-up first rejects a repeated ballot without opening a write transaction. The
    // primary key still decides when two first ballots race.
    const voted = (await this.em.count(BallotVoter, { edition, voterHash: stored.voterHash })) > 0;
    if (voted) {
      return edition.allowBallotChange ? this.replace(edition, stored) : { error: alreadyVoted() };
    }
    try {
      // A fresh fork keeps the entities loaded for validation out of the transaction's flush.
      const [ballotId] = await this.em.fork().transactional((tx) =>
        storeBallots(tx, edition.id, [stored], undefined, 'VOTING'),
      );

      return { ballotId: ballotId! };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) {
        throw error;
      }
      if (!edition.allowBallotChange) {
        return { error: alreadyVoted() };
      }
    }

    return this.replace(edition, stored);
  }

  /** Replaces a voter's ballot in one transaction. */
  private async replace(
    edition: BudgetEdition,
    stored: BallotToStore & { changeToken: string },
  ): Promise<{ ballotId: string } | { error: BallotError }> {
    const ballotId = await this.em.fork().transactional((tx) =>
      replaceBallot(tx, edition.id, stored, 'VOTING'),
    );

    return ballotId ? { ballotId } : { error: ballotChangeConflict() };
  }

  /**
   * Schedules a TALLY_UPDATED event for the edition, unless it is under embargo. Ballots that
   * arrive within `TALLY_PUBLISH_DELAY_MS` of each other share one event, so a busy edition
   * recomputes its tally a few times a second rather than once per ballot.
   */
  private scheduleTallyEvent(edition: BudgetEdition, now: Date) {
    const events = this.deps.events;
    if (!events || isEmbargoed(edition, now)) {
      return;
    }
    const pending = pendingTallyEvents.get(events) ?? new Set<string>();
    pendingTallyEvents.set(events, pending);
    if (pending.has(edition.id)) {
      return;
    }
    pending.add(edition.id);
    const em = this.em.fork();
    const timer = setTimeout(() => {
      pending.delete(edition.id);
      void this.publishTally(em, events, edition.id);
    }, TALLY_PUBLISH_DELAY_MS);
    // A pending event does not keep a finishing process alive.
    timer.unref();
  }

  /**
   * Returns the tally after a stored ballot, or null when the edition's rule cannot count it,
   * such as a max-approval edition with a project in two capped categories. The ballot stays
   * stored and counted, and `explanation` reports the problem to staff.
   */
  private async tallyIfCountable(editionId: string): Promise<TallySnapshot | null> {
    try {
      return await this.tally(editionId);
    } catch (error) {
      if (error instanceof RuleNotApplicableError) {
        this.deps.logger?.warn({ editionId, problem: error.message }, 'the budget rule cannot count this edition');

        return null;
      }
      throw error;
    }
  }

  private async publishTally(em: EntityManager, events: EventBus, editionId: string) {
    try {
      const tally = await new BudgetService(em, this.deps).tallyIfCountable(editionId);
      if (tally) {
        await events.pubSub.publish('TALLY_UPDATED', editionId, tally);
      }
    } catch (error) {
      this.deps.logger?.error({ err: error, editionId }, 'publishing the budget tally failed');
    }
  }
}

/** Wait before a tally event, during which further ballots of the edition join the same event. */
const TALLY_PUBLISH_DELAY_MS = 50;

/** Editions with a tally event already scheduled, per event bus (tests run several servers). */
const pendingTallyEvents = new WeakMap<EventBus, Set<string>>();
