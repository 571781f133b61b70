import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { StatementVoteValue } from '@ratusz/shared';
import { StatementVote, StatementVoteEvent } from './statement-vote.entity';

/** One past vote to record, with its participant already hashed. */
export type PastVote = {
  statementId: string;
  participantHash: string;
  value: StatementVoteValue;
  castAt: Date;
};

/** Rows per insert statement, which keeps each statement well under SQLite's bound-parameter limit. */
const BATCH_SIZE = 500;

/**
 * Replays a vote history into statements that have no votes yet. Votes are ordered by time,
 * ties kept in input order, so each participant's current vote on a statement is their latest
 * and every vote becomes one event. Rows are inserted in batches with `em`, which should be
 * inside the caller's transaction.
 */
export async function recordVoteHistory(
  em: EntityManager,
  votes: PastVote[],
  progress: (done: number, total?: number) => void = () => {},
): Promise<{ currentVotes: number; voteEvents: number }> {
  const ordered = votes
    .map((vote, index) => ({ vote, index }))
    .sort((a, b) => a.vote.castAt.getTime() - b.vote.castAt.getTime() || a.index - b.index)
    .map(({ vote }) => vote);
  const latest = new Map<string, PastVote>();
  for (const vote of ordered) {
    latest.set(`${vote.statementId}\u0000${vote.participantHash}`, vote);
  }

  const events = ordered.map((vote) => ({
    id: randomUUID(),
    statement: vote.statementId,
    participantHash: vote.participantHash,
    value: vote.value,
    castAt: vote.castAt,
  }));
  const current = [...latest.values()].map((vote) => ({
    id: randomUUID(),
    statement: vote.statementId,
    participantHash: vote.participantHash,
    value: vote.value,
    updatedAt: vote.castAt,
  }));
  const total = events.length + current.length;
  let done = 0;
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    const batch = events.slice(start, start + BATCH_SIZE);
    await em.insertMany(StatementVoteEvent, batch);
    done += batch.length;
    progress(done, total);
  }
  for (let start = 0; start < current.length; start += BATCH_SIZE) {
    const batch = current.slice(start, start + BATCH_SIZE);
    await em.insertMany(StatementVote, batch);
    done += batch.length;
    progress(done, total);
  }

  return { currentVotes: current.length, voteEvents: events.length };
}
