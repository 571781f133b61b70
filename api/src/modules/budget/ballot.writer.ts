import { raw, type EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Ballot, BallotItem } from './ballot.entity';
import type { BallotChannel } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';

/** A validated ballot ready to store: the voter as a keyed hash, items in ballot order. */
export type BallotToStore = {
  voterHash: string;
  channel: BallotChannel;
  items: { projectId: string; points: number }[];
};

/** Rows per multi-row insert; keeps every statement under SQLite's 32,766 bound parameters. */
const CHUNK_ROWS = 1_000;

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    result.push(rows.slice(start, start + CHUNK_ROWS));
  }

  return result;
}

/** Adds the ballots' votes and points to the project and edition counters in SQL. */
async function incrementCounters(em: EntityManager, editionId: string, ballots: BallotToStore[]) {
  const totals = new Map<string, { votes: number; score: number }>();
  for (const item of ballots.flatMap((ballot) => ballot.items)) {
    const total = totals.get(item.projectId) ?? { votes: 0, score: 0 };
    total.votes += 1;
    total.score += item.points;
    totals.set(item.projectId, total);
  }
  // Increments in SQL rather than values read earlier, so concurrent ballots never overwrite
  // each other's counts.
  for (const [projectId, total] of totals) {
    await em.nativeUpdate(
      BudgetProject,
      { id: projectId },
      { votes: raw('votes + ?', [total.votes]), score: raw('score + ?', [total.score]) },
    );
  }
  await em.nativeUpdate(
    BudgetEdition,
    { id: editionId },
    { ballotCount: raw('ballot_count + ?', [ballots.length]), tallyUpdatedAt: new Date() },
  );
}

/**
 * Stores ballots and their items with multi-row inserts and raises the counters by the same
 * amounts. Call it inside a transaction, so the ballots and the counters change together. A
 * second ballot of a voter fails on the unique (edition, voter hash) index with MikroORM's
 * `UniqueConstraintViolationException`. Returns the new ballot ids in input order.
 */
export async function storeBallots(
  em: EntityManager,
  editionId: string,
  ballots: BallotToStore[],
  progress: (done: number, total?: number) => void = () => {},
): Promise<string[]> {
  const createdAt = new Date();
  const ids = ballots.map(() => randomUUID());
  let done = 0;
  for (const chunk of chunks(ballots.map((ballot, index) => ({ ballot, id: ids[index]! })))) {
    await em.insertMany(
      Ballot,
      chunk.map(({ ballot, id }) => ({
        id,
        edition: editionId,
        voterHash: ballot.voterHash,
        channel: ballot.channel,
        createdAt,
      })),
    );
    const items = chunk.flatMap(({ ballot, id }) =>
      ballot.items.map((item, position) => ({
        ballot: id,
        project: item.projectId,
        points: item.points,
        position,
      })),
    );
    for (const itemChunk of chunks(items)) {
      await em.insertMany(BallotItem, itemChunk);
    }
    done += chunk.length;
    progress(done, ballots.length);
  }
  await incrementCounters(em, editionId, ballots);

  return ids;
}
