import { LockMode, type EntityManager } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { editionNotFound, type BallotError } from './ballot.errors';
import {
  canonicalBallotSet,
  commitmentHash,
  type CommittedBallot,
} from './budget-commitment';
import type { BudgetPhase } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';
import { nextBudgetPhase, phaseReached, requireBudgetPhase } from './budget-phase';

/**
 * Thrown inside a ballot transaction when voting closed while the ballot was being stored.
 * Closing voting updates the same edition row as the ballot's counters, so on PostgreSQL a
 * ballot either commits before the close (and is in the commitment) or fails with this error.
 */
export class VotingClosedError extends Error {
  constructor(readonly phase: BudgetPhase) {
    super(`voting closed: the edition is in phase ${phase}`);
  }
}

/** Returns a VOTING_CLOSED error once the edition's scheduled end of voting has passed. */
export function votingClosedProblem(edition: BudgetEdition, now: Date): BallotError | null {
  if (!edition.votingClosesAt || now < edition.votingClosesAt) {
    return null;
  }

  return {
    code: 'VOTING_CLOSED',
    message: `Voting in "${edition.name}" closed at ${edition.votingClosesAt.toISOString()}; ballots are no longer accepted.`,
    field: [],
  };
}

/** Returns whether the edition's counts are still hidden from the public at `now`. */
export function isEmbargoed(edition: BudgetEdition, now: Date): boolean {
  return edition.resultsPublishAt != null && now < edition.resultsPublishAt;
}

/** Returns every ballot of an edition, without voter information, items in ballot order. */
export async function loadBallotSet(em: EntityManager, editionId: string): Promise<CommittedBallot[]> {
  const rows: { id: string; channel: string; project_id: string; points: number | string }[] = await em
    .getConnection()
    .execute(
      `select ballot.id, ballot.channel, item.project_id, item.points
         from ballot join ballot_item item on item.ballot_id = ballot.id
        where ballot.edition_id = ? order by ballot.id, item.position`,
      [editionId],
      'all',
      // Inside a transaction the query must use its connection, or SQLite waits on its lock.
      em.getTransactionContext(),
    );
  const byId = new Map<string, CommittedBallot>();
  for (const row of rows) {
    const ballot = byId.get(row.id) ?? { channel: row.channel, items: [] };
    ballot.items.push({ projectId: row.project_id, points: Number(row.points) });
    byId.set(row.id, ballot);
  }

  return [...byId.values()];
}

/** Builds the canonical ballot set and tally of an edition from what is stored now. */
export async function canonicalEdition(em: EntityManager, editionId: string): Promise<string> {
  const projects = await em.find(
    BudgetProject,
    { edition: editionId },
    { fields: ['votes', 'score'], refresh: true },
  );

  return canonicalBallotSet(
    editionId,
    await loadBallotSet(em, editionId),
    projects.map((project) => ({ projectId: project.id, votes: project.votes, score: project.score })),
  );
}

/** Scheduled times that may be set when an edition moves to its next phase. */
export type PhaseSchedule = { votingClosesAt?: Date | null; resultsPublishAt?: Date | null };

/** Returns why `edition` cannot move to its next phase with `schedule`, or null when it can. */
function phaseMoveProblem(
  edition: BudgetEdition,
  expected: BudgetPhase | null,
  schedule: PhaseSchedule,
): BallotError | null {
  const stale = expected ? requireBudgetPhase(edition, expected) : null;
  if (stale) {
    return { ...stale, field: ['expectedPhase'] };
  }
  if (!nextBudgetPhase(edition.phase)) {
    return {
      code: 'LAST_PHASE',
      message: `Budget edition "${edition.name}" is in IMPLEMENTATION, the last phase; there is no next phase.`,
      field: [],
    };
  }
  if (schedule.resultsPublishAt !== undefined && phaseReached(edition.phase, 'COUNTING')) {
    return {
      code: 'WRONG_PHASE',
      message: `The embargo of "${edition.name}" can only be set before voting closes; the edition is in phase ${edition.phase}.`,
      field: ['resultsPublishAt'],
    };
  }

  return null;
}

/** Moves a checked edition to its next phase; leaving VOTING fixes the commitment. */
async function applyPhaseMove(tx: EntityManager, edition: BudgetEdition, schedule: PhaseSchedule, now: Date) {
  if (schedule.votingClosesAt !== undefined) {
    edition.votingClosesAt = schedule.votingClosesAt;
  }
  if (schedule.resultsPublishAt !== undefined) {
    edition.resultsPublishAt = schedule.resultsPublishAt;
  }
  edition.phase = nextBudgetPhase(edition.phase)!;
  // The phase update is flushed before the ballot set is read, so a ballot transaction still
  // open now fails its closing phase check instead of missing from the commitment.
  await tx.flush();
  if (edition.phase === 'COUNTING') {
    edition.commitmentHash = commitmentHash(await canonicalEdition(tx, edition.id));
    edition.committedAt = now;
    await tx.flush();
  }
}

/**
 * Moves an edition to its next phase in one transaction. Leaving VOTING fixes the commitment:
 * the SHA-256 of the canonical ballot set and tally. `expected`, when given, must equal the
 * current phase, so two staff members clicking at once do not skip a phase.
 */
export async function advanceEditionPhase(
  em: EntityManager,
  editionId: string,
  expected: BudgetPhase | null,
  schedule: PhaseSchedule,
  now: Date,
): Promise<{ edition: BudgetEdition } | { error: BallotError }> {
  return em.transactional(async (tx) => {
    const edition = await tx.findOne(BudgetEdition, editionId, { lockMode: lockFor(tx) });
    if (!edition) {
      return { error: editionNotFound(editionId) };
    }
    const problem = phaseMoveProblem(edition, expected, schedule);
    if (problem) {
      return { error: problem };
    }
    await applyPhaseMove(tx, edition, schedule, now);

    return { edition };
  });
}

/**
 * Moves every edition of a process to the next phase in one transaction, so a city-wide
 * budget and its district budgets keep one schedule. The editions must all be in the same phase.
 */
export async function advanceProcessPhase(
  em: EntityManager,
  processId: string,
  expected: BudgetPhase | null,
  schedule: PhaseSchedule,
  now: Date,
): Promise<{ editions: BudgetEdition[] } | { error: BallotError }> {
  return em.transactional(async (tx) => {
    const editions = await tx.find(
      BudgetEdition,
      { process: processId },
      { lockMode: lockFor(tx), orderBy: { name: 'asc', id: 'asc' } },
    );
    if (editions.length === 0) {
      return {
        error: {
          code: 'PROCESS_NOT_FOUND',
          message: `Budget process ${processId} does not exist or has no editions: pass the id of a process with editions.`,
          field: ['processId'],
        },
      };
    }
    const phases = new Set(editions.map((edition) => edition.phase));
    if (phases.size > 1) {
      const listed = editions.map((edition) => `"${edition.name}" in ${edition.phase}`).join(', ');

      return {
        error: {
          code: 'PHASES_DIFFER',
          message: `The editions of this process are in different phases (${listed}): move them one by one with advanceBudgetPhase until they match.`,
          field: ['processId'],
        },
      };
    }
    // Every edition is in the same phase, so the first one's check holds for all of them.
    const problem = phaseMoveProblem(editions[0]!, expected, schedule);
    if (problem) {
      return { error: problem };
    }
    for (const edition of editions) {
      await applyPhaseMove(tx, edition, schedule, now);
    }

    return { editions };
  });
}

/** Row lock for the edition on PostgreSQL; SQLite serialises writers without it. */
function lockFor(tx: EntityManager) {
  return tx.getPlatform() instanceof PostgreSqlPlatform ? LockMode.PESSIMISTIC_WRITE : undefined;
}
