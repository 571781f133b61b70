import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { IntakeRows } from './intake-rows';
import {
  currentAuditScope,
  withAuditScope,
  type AuditScope,
} from '../../platform/audit/audit-subscriber';

/**
 * One case waiting to be written by the next group commit. `write` adds the case and its rows
 * to `rows` under the case number's sequence value and returns what the caller gets.
 */
export type QueuedIntake<T> = {
  jurisdictionId: string;
  year: number;
  write: (tx: EntityManager, sequence: number, rows: IntakeRows) => Promise<T>;
  /** Logger that reports a failed shared transaction which included this case. */
  logger?: Logger;
};

type Waiting = QueuedIntake<unknown> & {
  scope: AuditScope | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * Issues `count` sequence numbers of a jurisdiction and year inside `tx` and returns the last.
 * The numbers are `last - count + 1` to `last`.
 */
export type SequenceIssuer = (
  tx: EntityManager,
  jurisdictionId: string,
  year: number,
  count: number,
) => Promise<number>;

/**
 * Upper bound of cases in one transaction. It bounds the time the first case of a group waits
 * for the others and the work redone when a group fails and its cases are retried one by one.
 */
export const MAX_GROUP_SIZE = 32;

/**
 * Writes cases that arrive while an earlier transaction is committing in one shared
 * transaction (group commit), so concurrent intake requests pay for one `begin`, one case
 * number update and one `commit` between them. A case that arrives while nothing is committing
 * waits one event-loop turn for others, then is written with those that arrived.
 *
 * The group is written with one insert per table (`IntakeRows`), and its audit entries stay one
 * per row (`everyRow`). Only requests with the same audit actor and operation share a transaction, so every entry names
 * the request's own actor. When a shared transaction fails, its cases are retried one per
 * transaction, so a failing case fails only its own request.
 */
export class IntakeGroupCommit {
  private readonly queue: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly em: EntityManager,
    private readonly issueSequence: SequenceIssuer,
  ) {}

  /** Queues a case and resolves with the value its `write` returned once its transaction commits. */
  submit<T>(intake: QueuedIntake<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        ...(intake as QueuedIntake<unknown>),
        scope: currentAuditScope(),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.draining) {
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // One turn of the event loop first, so requests that arrived meanwhile are parsed and
        // join this group. libsql runs statements synchronously on this thread, so without
        // it no request is parsed while a transaction runs, and every SQLite group contains
        // one case.
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitGroup(this.takeGroup());
      }
    } finally {
      this.draining = false;
    }
  }

  /** Removes and returns the oldest queued case and the later ones with the same audit scope. */
  private takeGroup(): Waiting[] {
    const first = this.queue[0] as Waiting;
    const key = scopeKey(first.scope);
    const group: Waiting[] = [];
    for (let index = 0; index < this.queue.length && group.length < MAX_GROUP_SIZE; ) {
      const waiting = this.queue[index] as Waiting;
      if (scopeKey(waiting.scope) === key) {
        group.push(waiting);
        this.queue.splice(index, 1);
      } else {
        index += 1;
      }
    }

    return group;
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    let results: unknown[];
    try {
      // One insert per table writes the whole group, and `everyRow` keeps one audit entry per row.
      // A request without a scope (Open311 POST) is audited with no actor and no operation.
      const scope = group[0]?.scope ?? { actorId: null, operation: '' };
      results = await withAuditScope({ ...scope, everyRow: true }, () =>
        this.em.fork().transactional((tx) => this.writeGroup(tx, group)),
      );
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);

        return;
      }
      // Any one case can fail the shared transaction, so each is retried alone and only the
      // failing one reports its error. The error's message is not logged: MikroORM puts the
      // statement with its values, residents' descriptions among them, into it.
      group
        .find((waiting) => waiting.logger)
        ?.logger?.warn(
          { cases: group.length, error: errorKind(error) },
          'shared intake transaction failed; retrying its cases one per transaction',
        );
      for (const waiting of group) {
        await this.commitGroup([waiting]);
      }

      return;
    }
    group.forEach((waiting, index) => waiting.resolve(results[index]));
  }

  private async writeGroup(tx: EntityManager, group: Waiting[]): Promise<unknown[]> {
    const counts = new Map<string, { jurisdictionId: string; year: number; count: number }>();
    for (const waiting of group) {
      const key = `${waiting.jurisdictionId}|${waiting.year}`;
      const entry = counts.get(key) ?? { jurisdictionId: waiting.jurisdictionId, year: waiting.year, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    // Counters are locked in key order, so two API processes queue for them instead of deadlocking.
    const ordered = [...counts].sort(([left], [right]) => left.localeCompare(right));
    const nextValue = new Map<string, number>();
    for (const [key, { jurisdictionId, year, count }] of ordered) {
      const last = await this.issueSequence(tx, jurisdictionId, year, count);
      nextValue.set(key, last - count + 1);
    }

    const rows = new IntakeRows();
    const results: unknown[] = [];
    for (const waiting of group) {
      const key = `${waiting.jurisdictionId}|${waiting.year}`;
      const sequence = nextValue.get(key) as number;
      nextValue.set(key, sequence + 1);
      results.push(await waiting.write(tx, sequence, rows));
    }
    await rows.store(tx);

    return results;
  }
}

/** Class name and driver code of an error, which carry no values from the statement. */
function errorKind(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) {
    return { name: typeof error };
  }
  const code = (error as { code?: unknown }).code;

  return typeof code === 'string' ? { name: error.name, code } : { name: error.name };
}

function scopeKey(scope: AuditScope | undefined): string {
  return scope ? JSON.stringify([scope.actorId, scope.operation]) : '';
}
