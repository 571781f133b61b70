import { raw, type EntityManager } from '@mikro-orm/core';
import { randomInt, randomUUID } from 'node:crypto';
import { Ballot, BallotItem, BallotVoter } from './ballot.entity';
import type { BallotChannel, BudgetPhase } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { VotingClosedError } from './budget-lifecycle';

/** One project on a stored ballot with the points it receives. */
export type StoredItem = { projectId: string; points: number };

/**
 * A validated ballot ready to store: the voter as a keyed hash, the change token (another
 * keyed hash of the voter, or null where ballots cannot change), items in ballot order.
 */
export type BallotToStore = {
  voterHash: string;
  changeToken: string | null;
  channel: BallotChannel;
  items: StoredItem[];
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

/** Returns a copy of `rows` in random order (Fisher-Yates). */
function shuffled<T>(rows: T[]): T[] {
  const copy = [...rows];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }

  return copy;
}

/**
 * Adds `sign` times the items' votes and points to the project counters and `ballotDelta` to
 * the edition's ballot count, in SQL. With `onlyInPhase`, the edition row changes only while
 * the edition is in that phase; when it is not, this throws `VotingClosedError`, so the caller's
 * transaction rolls back.
 */
async function changeCounters(
  em: EntityManager,
  editionId: string,
  items: StoredItem[],
  sign: 1 | -1,
  ballotDelta: number,
  onlyInPhase?: BudgetPhase,
) {
  const totals = new Map<string, { votes: number; score: number }>();
  for (const item of items) {
    const total = totals.get(item.projectId) ?? { votes: 0, score: 0 };
    total.votes += sign;
    total.score += sign * item.points;
    totals.set(item.projectId, total);
  }
  // Increments in SQL rather than values read earlier, so concurrent ballots never overwrite
  // each other's counts. One statement covers every project of the ballot.
  for (const group of chunks([...totals])) {
    const votes = group.map(() => 'when ? then cast(? as integer)').join(' ');
    const ids = group.map(() => '?').join(', ');
    await em.getConnection().execute(
      `update budget_project
          set votes = votes + case id ${votes} end, score = score + case id ${votes} end
        where id in (${ids})`,
      [
        ...group.flatMap(([projectId, total]) => [projectId, total.votes]),
        ...group.flatMap(([projectId, total]) => [projectId, total.score]),
        ...group.map(([projectId]) => projectId),
      ],
      'run',
      em.getTransactionContext(),
    );
  }
  const updated = await em.nativeUpdate(
    BudgetEdition,
    onlyInPhase ? { id: editionId, phase: onlyInPhase } : { id: editionId },
    { ballotCount: raw('ballot_count + ?', [ballotDelta]), tallyUpdatedAt: new Date() },
  );
  if (onlyInPhase && updated === 0) {
    const edition = await em.findOneOrFail(BudgetEdition, editionId, { refresh: true });
    throw new VotingClosedError(edition.phase);
  }
}

async function insertContents(
  em: EntityManager,
  editionId: string,
  rows: { id: string; ballot: Omit<BallotToStore, 'voterHash'> }[],
) {
  await em.insertMany(
    Ballot,
    rows.map(({ ballot, id }) => ({
      id,
      edition: editionId,
      changeToken: ballot.changeToken,
      channel: ballot.channel,
    })),
  );
  const items = rows.flatMap(({ ballot, id }) =>
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
}

/**
 * Stores ballots with multi-row inserts and raises the counters by the same amounts (see
 * `changeCounters` for `onlyInPhase`). Each
 * ballot becomes a `BallotVoter` row (who voted) and a `Ballot` row with items (what was
 * voted). The contents of each chunk are inserted in random order, so insertion order does not
 * pair the two tables either. Call it inside a transaction, so the ballots and the counters
 * change together. A second ballot of a voter fails on the (edition, voter hash) primary key
 * with MikroORM's `UniqueConstraintViolationException`. Returns the new ballot ids in input
 * order.
 */
export async function storeBallots(
  em: EntityManager,
  editionId: string,
  ballots: BallotToStore[],
  progress: (done: number, total?: number) => void = () => {},
  onlyInPhase?: BudgetPhase,
): Promise<string[]> {
  const ids = ballots.map(() => randomUUID());
  let done = 0;
  for (const chunk of chunks(ballots.map((ballot, index) => ({ ballot, id: ids[index]! })))) {
    await em.insertMany(
      BallotVoter,
      chunk.map(({ ballot }) => ({ edition: editionId, voterHash: ballot.voterHash })),
    );
    await insertContents(em, editionId, shuffled(chunk));
    done += chunk.length;
    progress(done, ballots.length);
  }
  await changeCounters(
    em,
    editionId,
    ballots.flatMap((ballot) => ballot.items),
    1,
    ballots.length,
    onlyInPhase,
  );

  return ids;
}

/**
 * Replaces the ballot stored under `changeToken` with `ballot`: removes the old items from the
 * counters, deletes the old ballot, and stores the new one under the same token. Call it inside
 * a transaction. Returns the new ballot id, or null when no ballot has that token, including
 * when a concurrent change deleted it first.
 */
export async function replaceBallot(
  em: EntityManager,
  editionId: string,
  ballot: Omit<BallotToStore, 'voterHash'> & { changeToken: string },
  onlyInPhase?: BudgetPhase,
): Promise<string | null> {
  const old = await em.findOne(
    Ballot,
    { edition: editionId, changeToken: ballot.changeToken },
    { fields: ['id'] },
  );
  if (!old) {
    return null;
  }
  const oldItems = await em.find(BallotItem, { ballot: old.id }, { fields: ['points'] });
  await em.nativeDelete(BallotItem, { ballot: old.id });
  // The delete counts rows, so of two concurrent changes only the one that deletes the old
  // ballot goes on. The other deletes 0 rows and returns null.
  if ((await em.nativeDelete(Ballot, { id: old.id })) === 0) {
    return null;
  }
  await changeCounters(
    em,
    editionId,
    oldItems.map((item) => ({ projectId: item.project.id, points: item.points })),
    -1,
    0,
  );
  const id = randomUUID();
  await insertContents(em, editionId, [{ id, ballot }]);
  await changeCounters(em, editionId, ballot.items, 1, 0, onlyInPhase);

  return id;
}
