import type { EntityData, EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { Role } from '@ratusz/shared';
import {
  pageWindow,
  toConnection,
  type Connection,
  type ConnectionArgs,
} from '../../platform/graphql/connection';
import type { Viewer } from '../../platform/auth/viewer';
import { worksCase, type CaseDepartmentRef } from './case-access';
import type { ServiceCase } from './case.entity';
import { isCaseModuleId } from './case.errors';
import { CaseTimelineEntry } from './case-timeline-entry.entity';
import type { TimelineVisibility } from './case-timeline.enums';
import type { IntakeRow } from './intake-rows';

/** Reader of a timeline: the public (including the resident) or city staff. */
export type TimelineAudience = 'PUBLIC' | 'STAFF';

/**
 * Roles that may request a case's staff timeline and assignment. Auditors read them for every
 * case; for the other roles `audienceFor` checks that they work the case.
 */
export const CASE_STAFF_ROLES = ['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR', 'AUDITOR'] as const satisfies readonly Role[];

/**
 * Returns the entry visibilities an audience may read, the one place that decides which
 * entries reach a reader. The public reads PUBLIC entries, and staff read INTERNAL ones too.
 */
export function visibleTo(audience: TimelineAudience): TimelineVisibility[] {
  return audience === 'STAFF' ? ['PUBLIC', 'INTERNAL'] : ['PUBLIC'];
}

/**
 * Returns the audience a reader gets when requesting `requested` for a case in the queue of
 * `department`. Auditors get the staff view of every case, and agents, department managers and
 * administrators only of the cases they work (see `worksCase`). Everyone else gets the public view.
 */
export function audienceFor(reader: { viewer: Viewer }, requested: TimelineAudience, department: CaseDepartmentRef): TimelineAudience {
  if (requested === 'PUBLIC') {
    return 'PUBLIC';
  }
  const viewer = reader.viewer;
  const isAuditor = viewer.id !== null && viewer.roles.includes('AUDITOR');

  return isAuditor || worksCase(viewer, department) ? 'STAFF' : 'PUBLIC';
}

/** Fields of a new entry; the case, position and time are filled in by `appendTimeline`. */
export type TimelineEntryData = Omit<
  EntityData<CaseTimelineEntry>,
  'id' | 'serviceCase' | 'position' | 'createdAt'
> &
  Pick<CaseTimelineEntry, 'kind' | 'actor' | 'visibility'>;

/**
 * Locks the rows of the cases that a transaction appends timeline entries to, so concurrent
 * writers of one case run one after another. Call it first in the transaction and load the
 * cases after it with `refresh: true`, so they show what the previous writer committed. The
 * rows are locked in id order, so two callers that lock overlapping sets of cases wait for
 * each other instead of deadlocking.
 * PostgreSQL gets `select ... for update`. SQLite runs one write transaction at a time, so it
 * needs no row lock.
 */
export async function lockCases(tx: EntityManager, caseIds: string[]): Promise<void> {
  if (!(tx.getPlatform() instanceof PostgreSqlPlatform)) {
    return;
  }
  // PostgreSQL rejects a malformed id in a uuid comparison. The caller reports such a case as not found.
  const ids = [...new Set(caseIds.filter(isCaseModuleId))].sort();
  if (ids.length === 0) {
    return;
  }
  const placeholders = ids.map(() => '?').join(', ');
  await tx
    .getConnection()
    .execute(
      `select id from service_case where id in (${placeholders}) order by id for update`,
      ids,
      'all',
      tx.getTransactionContext(),
    );
}

/**
 * Adds an entry at the end of a case's timeline. The case's `timelineLength` gives the
 * position. The caller must have locked the case with `lockCases` (or with an update of its
 * row) before reading it. The unique (case, position) pair makes a writer that skipped the
 * lock fail instead of interleaving entries.
 */
export function appendTimeline(
  em: EntityManager,
  serviceCase: ServiceCase,
  createdAt: Date,
  entry: TimelineEntryData,
): CaseTimelineEntry {
  serviceCase.timelineLength += 1;

  return em.create(CaseTimelineEntry, {
    ...entry,
    serviceCase,
    position: serviceCase.timelineLength,
    createdAt,
  });
}

/**
 * Builds the row of entry `position` of a new case's timeline, for `IntakeRows`. Every optional
 * field is present, so rows of different kinds share one multi-row insert.
 */
export function newTimelineRow(
  caseId: string,
  position: number,
  createdAt: Date,
  entry: TimelineEntryData,
): IntakeRow {
  return {
    fromStatus: null,
    toStatus: null,
    closeReason: null,
    evidenceUrl: null,
    departmentId: null,
    agentId: null,
    note: null,
    ...entry,
    id: randomUUID(),
    serviceCase: caseId,
    position,
    createdAt,
  };
}

/** Returns one page of a case's timeline, oldest first, as `audience` may read it. */
export async function listTimeline(
  em: EntityManager,
  caseId: string,
  audience: TimelineAudience,
  args: ConnectionArgs,
): Promise<Connection<CaseTimelineEntry>> {
  const window = pageWindow(args);
  const [entries, total] = await em.findAndCount(
    CaseTimelineEntry,
    { serviceCase: caseId, visibility: { $in: visibleTo(audience) } },
    { orderBy: { position: 'asc' }, limit: window.limit, offset: window.offset },
  );

  return toConnection(entries, window, total);
}
