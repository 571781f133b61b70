import { createHash, randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  referendumCanonicalForm,
  referendumStatus,
  tallyReferendum,
  turnoutPercent,
  type ReferendumBallotRecord,
  type ReferendumChannel,
  type ReferendumResultSnapshot,
  type ReferendumUpdateSnapshot,
} from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import type { UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import { invalidPersonId, isRecordId, personIdProblem } from '../../platform/ids';
import type { EventBus } from '../../platform/pubsub';
import { verifiedParticipationProblem } from '../accounts/required-verification';
import {
  alreadyClosed,
  alreadyVoted,
  notEligible,
  optionNotFound,
  referendumNotFound,
  votingEnded,
  votingNotOpen,
  votingStillOpen,
} from './referendum.errors';
import {
  Referendum,
  ReferendumBallot,
  ReferendumEligibleVoter,
  ReferendumOption,
  ReferendumParticipation,
} from './referendum.entity';

/** Dependencies of the referendum functions, from the request context or a script. */
export type ReferendumDeps = {
  em: EntityManager;
  config: Pick<Config, 'hashKey' | 'minAggregateCount'>;
  events: EventBus;
};

/**
 * Derives the stored hash of a personal id. The referendum id is part of the key, so the hashes
 * of one person in two referenda differ and cannot be joined.
 */
export function referendumVoterHash(
  hashKey: string,
  referendumId: string,
  voterId: string,
): string {
  return hashIdentifier(hashKey, `referendum:${referendumId}`, voterId);
}

/** Returns a referendum by id, or null when the id names none. */
export async function findReferendum(em: EntityManager, id: string): Promise<Referendum | null> {
  return isRecordId(id) ? em.findOne(Referendum, { id }) : null;
}

/** Returns the options of a referendum in ballot order. */
export async function referendumOptions(
  em: EntityManager,
  referendumId: string,
): Promise<ReferendumOption[]> {
  return em.find(ReferendumOption, { referendum: referendumId }, { orderBy: { position: 'asc' } });
}

/** Returns the published result of a closed referendum, or null before the close. */
export function publishedResult(referendum: Referendum): ReferendumResultSnapshot | null {
  return referendum.resultJson
    ? (JSON.parse(referendum.resultJson) as ReferendumResultSnapshot)
    : null;
}

/** Counts eligible voters and ballots, and returns what subscribers receive. */
export async function referendumProgress(
  em: EntityManager,
  referendum: Referendum,
  now: Date = new Date(),
): Promise<ReferendumUpdateSnapshot> {
  const eligibleVoters = await em.count(ReferendumEligibleVoter, { referendum: referendum.id });
  const ballotsCast = await em.count(ReferendumParticipation, { referendum: referendum.id });

  return {
    referendumId: referendum.id,
    status: referendumStatus(referendum, now),
    eligibleVoters,
    ballotsCast,
    turnoutPercent: turnoutPercent(ballotsCast, eligibleVoters),
    result: publishedResult(referendum),
  };
}

/** A vote to record. */
export type ReferendumVoteRequest = {
  referendumId: string;
  voterId: string;
  optionId: string;
  channel: ReferendumChannel;
};

/** Outcome of `castReferendumVote`. */
export type ReferendumVoteOutcome =
  { ok: true; progress: ReferendumUpdateSnapshot } | { ok: false; error: UserError };

/**
 * Reads the referendum again inside a transaction with a row lock, so a close and a vote never
 * overlap on PostgreSQL: votes take a shared lock and the close an exclusive one. SQLite has no
 * row locks but runs one write transaction at a time.
 */
async function lockReferendum(
  tx: EntityManager,
  id: string,
  mode: 'vote' | 'close',
): Promise<Referendum> {
  const lockMode = mode === 'vote' ? LockMode.PESSIMISTIC_READ : LockMode.PESSIMISTIC_WRITE;

  return tx.findOneOrFail(Referendum, { id }, { lockMode, refresh: true });
}

/**
 * Records one vote. "Who voted" (a participation row keyed by the voter hash) and "what was
 * voted" (an anonymous ballot) are written in one transaction. The unique (referendum, voter
 * hash) index of the participation table rejects any second vote, so concurrent votes from one
 * voter leave exactly one ballot.
 */
export async function castReferendumVote(
  deps: ReferendumDeps & { viewer?: Viewer },
  request: ReferendumVoteRequest,
  now: Date = new Date(),
): Promise<ReferendumVoteOutcome> {
  const { em } = deps;
  const voterProblem = personIdProblem(request.voterId);
  if (voterProblem) {
    return { ok: false, error: invalidPersonId('voterId', voterProblem) };
  }
  const referendum = await findReferendum(em, request.referendumId);
  if (!referendum) {
    return { ok: false, error: referendumNotFound(request.referendumId) };
  }
  const status = referendumStatus(referendum, now);
  if (status === 'SCHEDULED') {
    return { ok: false, error: votingNotOpen(referendum.opensAt) };
  }
  if (status !== 'OPEN') {
    return { ok: false, error: votingEnded(referendum.closesAt) };
  }
  // PAPER votes are exempt: staff enter them after checking the voter's identity in person.
  if (referendum.requiredVerification && request.channel === 'ONLINE') {
    const problem = await verifiedParticipationProblem(em, deps.config, deps.viewer, {
      process: 'This referendum',
      required: referendum.requiredVerification,
      personId: request.voterId,
      field: 'voterId',
    });
    if (problem) {
      return { ok: false, error: problem };
    }
  }
  const option = isRecordId(request.optionId)
    ? await em.findOne(ReferendumOption, { id: request.optionId, referendum: referendum.id })
    : null;
  if (!option) {
    return { ok: false, error: optionNotFound(request.optionId) };
  }
  const voterHash = referendumVoterHash(deps.config.hashKey, referendum.id, request.voterId);
  const eligible = await em.findOne(ReferendumEligibleVoter, {
    referendum: referendum.id,
    voterHash,
  });
  if (!eligible) {
    return { ok: false, error: notEligible() };
  }
  if ((await em.count(ReferendumParticipation, { referendum: referendum.id, voterHash })) > 0) {
    return { ok: false, error: alreadyVoted() };
  }

  try {
    const rejection = await em.transactional(async (tx) => {
      const locked = await lockReferendum(tx, referendum.id, 'vote');
      if (locked.closedAt) {
        return votingEnded(locked.closesAt);
      }
      await tx.insert(ReferendumParticipation, {
        id: randomUUID(),
        referendum: referendum.id,
        voterHash,
      });
      await tx.insert(ReferendumBallot, {
        id: randomUUID(),
        referendum: referendum.id,
        option: option.id,
        district: eligible.district,
        channel: request.channel,
      });

      return null;
    });
    if (rejection) {
      return { ok: false, error: rejection };
    }
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      return { ok: false, error: alreadyVoted() };
    }
    throw error;
  }

  const progress = await referendumProgress(em, referendum, now);
  await deps.events.pubSub.publish('REFERENDUM_UPDATED', referendum.id, progress);

  return { ok: true, progress };
}

/** Reads every ballot of a referendum as the tally and the canonical form need them. */
export async function referendumBallots(
  em: EntityManager,
  referendumId: string,
): Promise<ReferendumBallotRecord[]> {
  const ballots = await em.find(
    ReferendumBallot,
    { referendum: referendumId },
    { orderBy: { id: 'asc' } },
  );

  return ballots.map((ballot) => ({
    id: ballot.id,
    optionId: ballot.option.id,
    district: ballot.district,
    channel: ballot.channel,
  }));
}

/** Returns the SHA-256 of a canonical form, in lower-case hex. */
export function commitmentOf(canonicalForm: string): string {
  return createHash('sha256').update(canonicalForm, 'utf8').digest('hex');
}

/** Outcome of `closeReferendum`. */
export type CloseReferendumOutcome =
  | { ok: true; referendum: Referendum; result: ReferendumResultSnapshot }
  | { ok: false; error: UserError };

/**
 * Closes a referendum whose voting window has ended: counts the ballots, stores and publishes
 * the result with the SHA-256 commitment of its canonical form (`referendumCanonicalForm`).
 */
export async function closeReferendum(
  deps: ReferendumDeps,
  referendumId: string,
  now: Date = new Date(),
): Promise<CloseReferendumOutcome> {
  const { em } = deps;
  const referendum = await findReferendum(em, referendumId);
  if (!referendum) {
    return { ok: false, error: referendumNotFound(referendumId) };
  }
  if (referendum.closedAt) {
    return { ok: false, error: alreadyClosed() };
  }
  if (now.getTime() < referendum.closesAt.getTime()) {
    return { ok: false, error: votingStillOpen(referendum.closesAt) };
  }

  const outcome = await em.transactional(async (tx): Promise<CloseReferendumOutcome> => {
    const locked = await lockReferendum(tx, referendumId, 'close');
    if (locked.closedAt) {
      return { ok: false, error: alreadyClosed() };
    }
    const options = await referendumOptions(tx, referendumId);
    const tallyInput = {
      referendumId,
      options: options.map((option) => ({ id: option.id, label: option.label })),
      eligibleVoters: await tx.count(ReferendumEligibleVoter, { referendum: referendumId }),
      quorumPercent: locked.quorumPercent,
      ballots: await referendumBallots(tx, referendumId),
      minAggregateCount: deps.config.minAggregateCount,
    };
    const result: ReferendumResultSnapshot = {
      ...tallyReferendum(tallyInput),
      closedAt: now.toISOString(),
      commitment: commitmentOf(referendumCanonicalForm(tallyInput)),
    };
    locked.closedAt = now;
    locked.resultJson = JSON.stringify(result);
    locked.commitment = result.commitment;
    await tx.flush();

    return { ok: true, referendum: locked, result };
  });
  if (outcome.ok) {
    const progress = await referendumProgress(em, outcome.referendum, now);
    await deps.events.pubSub.publish('REFERENDUM_UPDATED', referendumId, progress);
  }

  return outcome;
}
