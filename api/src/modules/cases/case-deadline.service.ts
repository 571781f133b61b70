import type { EntityManager } from '@mikro-orm/core';
import {
  caseDeadlines,
  resumeDeadline,
  type CaseStatus,
  type DeadlineEventKind,
} from '@ratusz/shared';
import type { Orm } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { errorForLog } from '../../platform/orm-logger';
import type { EventBus } from '../../platform/pubsub';
import { startRepeatingTask, type RepeatingTask } from '../../platform/repeating-task';
import { ServiceCase } from './case.entity';
import { caseSnapshot } from './case.mapper';
import { jurisdictionCalendar } from './case-calendar';
import { appendTimeline } from './case-timeline.service';
import type { Category } from './category.entity';
import type { Jurisdiction } from './jurisdiction.entity';

/** Cases claimed per deadline kind and check; the rest wait for the next check. */
export const DEADLINE_CHECK_BATCH = 100;

const OPEN_STATUSES: CaseStatus[] = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ACTION_SCHEDULED'];

/** Returns the warning and due times of a new case, or nulls when its category has no target. */
export function deadlinesForNewCase(
  jurisdiction: Jurisdiction,
  category: Category,
  openedAt: Date,
): { warningAt: Date | null; dueAt: Date | null } {
  if (category.targetHours == null) {
    return { warningAt: null, dueAt: null };
  }

  return caseDeadlines(
    openedAt,
    { targetHours: category.targetHours, warningHours: category.warningHours ?? null },
    jurisdictionCalendar(jurisdiction),
  );
}

/**
 * Pauses or resumes the deadline clock for a status change: entering WAITING_FOR_RESIDENT
 * pauses it, and leaving it moves the warning and due times on by the working time the pause
 * covered. The case's jurisdiction must be loaded.
 */
export function applyClock(entity: ServiceCase, from: CaseStatus, to: CaseStatus, now: Date): void {
  if (to === 'WAITING_FOR_RESIDENT' && from !== 'WAITING_FOR_RESIDENT') {
    entity.clockPausedAt = now;

    return;
  }
  if (from !== 'WAITING_FOR_RESIDENT' || !entity.clockPausedAt) {
    return;
  }
  const calendar = jurisdictionCalendar(entity.jurisdiction);
  const pausedAt = entity.clockPausedAt;
  if (entity.dueAt) {
    entity.dueAt = resumeDeadline(entity.dueAt, pausedAt, now, calendar);
  }
  if (entity.warningAt) {
    entity.warningAt = resumeDeadline(entity.warningAt, pausedAt, now, calendar);
  }
  entity.clockPausedAt = null;
}

const DEADLINE_FIELDS = {
  SLA_WARNING: { at: 'warningAt', sent: 'warningSentAt' },
  SLA_BREACHED: { at: 'dueAt', sent: 'breachSentAt' },
} as const;

/**
 * Claims one case's deadline event: sets its sent time only if no process did so before, and
 * records the event in the timeline in the same transaction. Returns whether this call won.
 */
async function claimDeadline(
  em: EntityManager,
  caseId: string,
  kind: DeadlineEventKind,
  now: Date,
): Promise<ServiceCase | null> {
  const fields = DEADLINE_FIELDS[kind];

  return em.transactional(async (tx) => {
    const claimed = await tx.nativeUpdate(
      ServiceCase,
      { id: caseId, [fields.sent]: null, clockPausedAt: null, status: { $in: OPEN_STATUSES } },
      { [fields.sent]: now },
    );
    if (claimed !== 1) {
      return null;
    }
    const entity = await tx.findOneOrFail(
      ServiceCase,
      { id: caseId },
      { populate: ['jurisdiction', 'category', 'district', 'department'], refresh: true },
    );
    appendTimeline(tx, entity, now, { kind, actor: 'SYSTEM', visibility: 'INTERNAL' });

    return entity;
  });
}

/**
 * Publishes SLA_WARNING and SLA_BREACHED for open, running cases whose warning or due time has
 * passed. Each event is claimed in the database first, so several API processes checking at
 * once publish it once. Returns the number of events published.
 */
export async function checkDeadlines(
  em: EntityManager,
  events: EventBus,
  now: Date,
  logger?: Logger,
): Promise<number> {
  let published = 0;
  for (const kind of ['SLA_WARNING', 'SLA_BREACHED'] as const) {
    const fields = DEADLINE_FIELDS[kind];
    const due = await em.find(
      ServiceCase,
      {
        status: { $in: OPEN_STATUSES },
        clockPausedAt: null,
        [fields.at]: { $lte: now },
        [fields.sent]: null,
      },
      { fields: ['id'], orderBy: { [fields.at]: 'asc' }, limit: DEADLINE_CHECK_BATCH },
    );
    for (const { id } of due) {
      try {
        const entity = await claimDeadline(em.fork(), id, kind, now);
        if (entity) {
          events.pubSub.publish('CASE_DEADLINE', { kind, case: caseSnapshot(entity) });
          published += 1;
        }
      } catch (error) {
        // A concurrent change of the same case can collide on its timeline position; the
        // claim rolled back, so the next check tries again.
        logger?.warn({ error: errorForLog(error), caseId: id, kind }, 'deadline claim failed');
      }
    }
  }

  return published;
}

/** A running deadline checker. */
export type DeadlineChecker = RepeatingTask;

/**
 * Runs `checkDeadlines` every `intervalSeconds` until stopped. A check that is still running
 * when the interval ends delays the next one instead of overlapping it.
 */
export function startDeadlineChecker(
  orm: Orm,
  events: EventBus,
  intervalSeconds: number,
  logger: Logger,
): DeadlineChecker {
  const check = async () => {
    const published = await checkDeadlines(orm.em.fork(), events, new Date(), logger);
    if (published > 0) {
      logger.info({ published }, 'deadline events published');
    }
  };
  const task = startRepeatingTask('deadline check', intervalSeconds * 1000, check, logger);
  logger.info({ intervalSeconds }, 'deadline checker started');

  return task;
}
