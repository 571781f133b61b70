import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../platform/config';
import type { Orm } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import type { EventBus } from '../../platform/pubsub';
import { startRepeatingTask, type RepeatingTask } from '../../platform/repeating-task';
import { Consultation } from './consultation.entity';
import { publishResultsIfVisible } from './consultation-phase';

/**
 * Publishes the results of consultations whose `closesAt` or `resultsPublishAt` passed within
 * `lookbackMs` before `now`, when the policy now shows them, so live subscribers get the
 * results a scheduled time opens. `published` contains the `<id>@<time>` keys already sent, so
 * overlapping windows publish each scheduled time once per process; old keys are dropped.
 * Returns the number of consultations published.
 */
export async function publishScheduledResults(
  deps: { em: EntityManager; events: EventBus; config: Pick<Config, 'minAggregateCount'> },
  now: Date,
  lookbackMs: number,
  published: Map<string, number>,
): Promise<number> {
  const since = new Date(now.getTime() - lookbackMs);
  const due = await deps.em.find(Consultation, {
    $or: [
      { closesAt: { $gt: since, $lte: now } },
      { resultsPublishAt: { $gt: since, $lte: now } },
    ],
  });
  for (const [key, time] of published) {
    if (time <= since.getTime()) {
      published.delete(key);
    }
  }
  let count = 0;
  for (const consultation of due) {
    const times = [consultation.closesAt, consultation.resultsPublishAt].filter(
      (time): time is Date => Boolean(time) && time! > since && time! <= now,
    );
    const keys = times.map((time) => `${consultation.id}@${time.toISOString()}`);
    if (keys.every((key) => published.has(key))) {
      continue;
    }
    keys.forEach((key, index) => published.set(key, times[index]!.getTime()));
    await publishResultsIfVisible(deps, consultation, now);
    count += 1;
  }

  return count;
}

/**
 * Starts the task that pushes results to subscribers when a scheduled close or publication
 * time opens them. Each run looks back two intervals, so a run up to one interval late misses
 * nothing.
 *
 * NOTE: every API process runs this task, so with several processes sharing Redis a
 * subscriber can receive the same results once per process. A time that passed while no
 * process was running is not pushed, although queries and exports return the results as usual.
 */
export function startConsultationScheduleWatcher(
  orm: Orm,
  events: EventBus,
  config: Pick<Config, 'minAggregateCount'>,
  intervalSeconds: number,
  logger: Logger,
): RepeatingTask {
  const published = new Map<string, number>();
  const lookbackMs = 2 * intervalSeconds * 1000;
  const run = async () => {
    const count = await publishScheduledResults(
      { em: orm.em.fork(), events, config },
      new Date(),
      lookbackMs,
      published,
    );
    if (count > 0) {
      logger.info({ consultations: count }, 'scheduled consultation results published');
    }
  };
  const task = startRepeatingTask('consultation schedule check', intervalSeconds * 1000, run, logger);
  logger.info({ intervalSeconds }, 'consultation schedule watcher started');

  return task;
}
