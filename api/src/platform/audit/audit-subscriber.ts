import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ChangeSetType,
  type ChangeSet,
  type EntityManager,
  type EventSubscriber,
  type FlushEventArgs,
  type TransactionEventArgs,
  type UnitOfWork,
} from '@mikro-orm/core';
import type { MiddlewareFn } from 'type-graphql';
import { appendAudit, appendAuditEntries, type AuditInput } from './audit';
import type { AuditDetails } from './audit-event.entity';

/** Actor and GraphQL operation of the changes made in the current async call chain. */
export type AuditScope = {
  actorId: string | null;
  operation: string;
  /**
   * Records one entry per row however many rows of an entity a flush writes. Set by writers
   * that flush many requests' rows at once, where a summary entry would hide single records.
   */
  everyRow?: boolean;
};

const scope = new AsyncLocalStorage<AuditScope>();

/** Runs `work` with `actor` recorded as the author of every change it flushes. */
export function withAuditScope<T>(actor: AuditScope, work: () => T): T {
  return scope.run(actor, work);
}

/** Returns the audit scope of the current async call chain, if a mutation set one. */
export function currentAuditScope(): AuditScope | undefined {
  return scope.getStore();
}


/**
 * Entities whose writes are not audited. Ballots, ballot items, participation marks, statement
 * votes and questionnaire submissions are anonymous: an audit entry would carry the voter as its
 * actor next to the ballot's id and time, linking the two. They are counted in the tallies and
 * covered by the published commitments instead. The audit tables themselves and the reference
 * cache version counter are bookkeeping, not state of the city's records.
 */
export const UNAUDITED_ENTITIES: ReadonlySet<string> = new Set([
  'AuditEvent',
  'AuditChainHead',
  'ReferenceVersion',
  'Ballot',
  'BallotItem',
  'BallotVoter',
  'StatementVote',
  'StatementVoteEvent',
  'QuestionnaireSubmission',
  'ReferendumBallot',
  'ReferendumParticipation',
]);

/** Mutations that write only anonymous votes, so they append no audit entry (see above). */
export const ANONYMOUS_VOTE_MUTATIONS: readonly string[] = [
  'castBallot',
  'castStatementVote',
  'castReferendumVote',
  'submitQuestionnaire',
];

/** Above this many changed rows of one entity in one flush, one summary entry replaces per-row entries. */
const ROWS_PER_FLUSH = 20;

const VERBS: Record<string, string> = {
  [ChangeSetType.CREATE]: 'created',
  [ChangeSetType.UPDATE]: 'updated',
  [ChangeSetType.DELETE]: 'deleted',
  [ChangeSetType.DELETE_EARLY]: 'deleted',
  [ChangeSetType.UPDATE_EARLY]: 'updated',
};

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function subjectIdOf(changeSet: ChangeSet<any>): string {
  const pk = changeSet.getPrimaryKey(true) ?? changeSet.entity.__helper?.getSerializedPrimaryKey?.();
  if (pk === null || pk === undefined) {
    return 'new';
  }
  const text = typeof pk === 'object' ? Object.values(pk as object).map(String).join(':') : String(pk);

  return /^[A-Za-z0-9_.:+/=-]{1,80}$/.test(text) ? text : 'composite';
}

function timeOf(value: unknown): number | null {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string') {
    const parsed = Date.parse(value);

    return Number.isNaN(parsed) ? null : parsed;
  }

  return null;
}

/**
 * Returns the names of the fields an update really changes. On SQLite the snapshot of a loaded
 * date is its stored text while the flushed value is a number, so unchanged dates show up in the
 * payload. They are left out, and an update with nothing else is not a change of state.
 */
function changedFields(changeSet: ChangeSet<any>): string[] {
  const original = (changeSet.originalEntity ?? {}) as Record<string, unknown>;

  return Object.keys(changeSet.payload ?? {})
    .filter((field) => {
      if (changeSet.meta.properties[field]?.runtimeType !== 'Date') {
        return true;
      }
      const before = timeOf(original[field]);

      return before === null || before !== timeOf((changeSet.payload as Record<string, unknown>)[field]);
    })
    .sort();
}

function isUpdate(changeSet: ChangeSet<any>): boolean {
  return changeSet.type === ChangeSetType.UPDATE || changeSet.type === ChangeSetType.UPDATE_EARLY;
}

/** Turns the change sets of one flush into audit inputs, without values of any field. */
export function auditInputsFor(changeSets: ChangeSet<any>[], actor: AuditScope | undefined): AuditInput[] {
  const groups = new Map<string, ChangeSet<any>[]>();
  for (const changeSet of changeSets) {
    if (UNAUDITED_ENTITIES.has(changeSet.meta.className)) {
      continue;
    }
    if (isUpdate(changeSet) && changedFields(changeSet).length === 0) {
      continue;
    }
    const key = `${changeSet.meta.className}|${VERBS[changeSet.type] ?? 'updated'}`;
    groups.set(key, [...(groups.get(key) ?? []), changeSet]);
  }

  const inputs: AuditInput[] = [];
  const common = { actorId: actor?.actorId ?? null };
  const via: AuditDetails = actor?.operation ? { via: actor.operation } : {};
  for (const [key, group] of groups) {
    const [className, verb] = key.split('|') as [string, string];
    const subjectType = snakeCase(className).slice(0, 40);
    const action = `${subjectType}.${verb}`;
    if (group.length > ROWS_PER_FLUSH && !actor?.everyRow) {
      inputs.push({ ...common, action, subjectType, subjectId: 'many', details: { ...via, rows: group.length } });
      continue;
    }
    for (const changeSet of group) {
      const fields = isUpdate(changeSet) ? changedFields(changeSet).join(':').slice(0, 200) : undefined;
      inputs.push({
        ...common,
        action,
        subjectType,
        subjectId: subjectIdOf(changeSet),
        details: fields ? { ...via, fields } : { ...via },
      });
    }
  }

  return inputs;
}

/**
 * Audit inputs for rows of `className` that a writer inserted outside the unit of work, the
 * same entries `auditInputsFor` makes for a flush that creates them.
 */
export function createdRowsAuditInputs(
  className: string,
  ids: readonly string[],
  actor: AuditScope | undefined,
): AuditInput[] {
  if (UNAUDITED_ENTITIES.has(className) || ids.length === 0) {
    return [];
  }
  const subjectType = snakeCase(className).slice(0, 40);
  const action = `${subjectType}.created`;
  const common = { actorId: actor?.actorId ?? null };
  const details: AuditDetails = actor?.operation ? { via: actor.operation } : {};
  if (ids.length > ROWS_PER_FLUSH && !actor?.everyRow) {
    return [{ ...common, action, subjectType, subjectId: 'many', details: { ...details, rows: ids.length } }];
  }

  return ids.map((id) => ({ ...common, action, subjectType, subjectId: id, details: { ...details } }));
}

/**
 * Appends one audit entry per created, updated or deleted row (or one per entity for large
 * flushes) in the transaction that writes the rows. Every change made through the entity manager
 * is therefore audited, whether or not its module calls `appendAudit` itself. Writes that bypass
 * the unit of work (`insert`, `nativeUpdate`, `upsertMany`, raw SQL) call `appendScopedAudit`,
 * and `BYPASS_WRITES` lists each of them with the audit entry that covers it or the reason it
 * has none.
 */
export class AuditSubscriber implements EventSubscriber {
  private readonly pending = new WeakMap<UnitOfWork, AuditInput[]>();

  onFlush(args: FlushEventArgs): void {
    const inputs = auditInputsFor(args.uow.getChangeSets(), scope.getStore());
    if (inputs.length > 0) {
      this.pending.set(args.uow, inputs);
    }
  }

  /** Appends after a flush inside `em.transactional()`, while that transaction is still open. */
  async afterFlush(args: FlushEventArgs): Promise<void> {
    if (args.em.isInTransaction()) {
      await this.append(args.em, args.uow);
    } else {
      this.pending.delete(args.uow);
    }
  }

  /** Appends before the commit of a transaction that a flush opened for itself. */
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    if (args.uow) {
      await this.append(args.em, args.uow);
    }
  }

  private async append(em: EntityManager, uow: UnitOfWork): Promise<void> {
    const inputs = this.pending.get(uow);
    if (!inputs) {
      return;
    }
    this.pending.delete(uow);
    await appendAuditEntries(em, inputs);
  }
}

/** Records the viewer and the mutation's name as the audit actor of the changes a mutation makes. */
export const auditScopeMiddleware: MiddlewareFn<{ viewer?: { id: string | null } }> = ({ context, info }, next) => {
  if (info.parentType.name !== 'Mutation') {
    return next();
  }

  return withAuditScope({ actorId: context.viewer?.id ?? null, operation: info.fieldName }, next);
};

/**
 * Appends an entry for a write that bypasses the unit of work (`nativeUpdate`, `insertMany`,
 * `upsertMany`, raw SQL), with the actor of the current mutation. Call it inside the write's
 * transaction.
 */
export function appendScopedAudit(em: EntityManager, input: Omit<AuditInput, 'actorId'>): Promise<unknown> {
  const actor = scope.getStore();

  return appendAudit(em, {
    ...input,
    actorId: actor?.actorId ?? null,
    details: { ...(actor?.operation ? { via: actor.operation } : {}), ...input.details },
  });
}
