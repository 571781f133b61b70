import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../platform/config';
import type { Orm } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { startRepeatingTask, type RepeatingTask } from '../../platform/repeating-task';
import { WebhookDelivery } from './webhook.entity';
import { sendWebhook } from './webhook-sender';

/** Delivery settings; `webhookDeliverySettings` builds them from the configuration. */
export type WebhookDeliverySettings = {
  /** Abort a request after this many milliseconds. */
  timeoutMs: number;
  /** Mark a row FAILED after this many attempts. */
  maxAttempts: number;
  /** Delay before the second attempt, in milliseconds; it doubles with every later attempt. */
  baseDelayMs: number;
  /** Cap on the delay between attempts, in milliseconds. */
  maxDelayMs: number;
};

/**
 * Delay before the second attempt and cap on later delays. With the default 12 attempts, the
 * retries of one row span 2.5 to 5 hours, depending on the jitter.
 */
const BASE_RETRY_DELAY_MS = 30_000;
const MAX_RETRY_DELAY_MS = 3_600_000;

/** Builds the delivery settings from the configuration. */
export function webhookDeliverySettings(
  config: Pick<Config, 'webhookTimeoutSeconds' | 'webhookMaxAttempts'>,
): WebhookDeliverySettings {
  return {
    timeoutMs: config.webhookTimeoutSeconds * 1000,
    maxAttempts: config.webhookMaxAttempts,
    baseDelayMs: BASE_RETRY_DELAY_MS,
    maxDelayMs: MAX_RETRY_DELAY_MS,
  };
}

/** Rows one worker pass claims at most. */
const BATCH_SIZE = 50;
/** How long a claim outlives the request timeout before another worker may take the row. */
const CLAIM_MARGIN_MS = 30_000;

/**
 * Returns the wait before the next attempt after `attempts` failures. The delay grows
 * exponentially up to `maxDelayMs`, and jitter picks a uniform value between half and all of
 * it, so the retries of many rows do not reach a recovered receiver at the same moment.
 */
export function retryDelayMs(
  attempts: number,
  settings: Pick<WebhookDeliverySettings, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempts - 1));

  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Claims one due row with a conditional update: it succeeds only if the row is still pending,
 * unclaimed (or its claim expired) and at the attempt count this worker read. Of several API
 * processes racing for a row, exactly one gets an affected row count of 1.
 */
async function claimDelivery(
  em: EntityManager,
  row: Pick<WebhookDelivery, 'id' | 'attempts'>,
  now: Date,
  lockedUntil: Date,
): Promise<boolean> {
  const affected = await em.nativeUpdate(
    WebhookDelivery,
    {
      id: row.id,
      status: 'PENDING',
      attempts: row.attempts,
      nextAttemptAt: { $lte: now },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
    },
    { attempts: row.attempts + 1, lockedUntil },
  );

  return affected === 1;
}

/**
 * Sends every due outbox row once: claims it, POSTs it, then records success, schedules a
 * retry with backoff, or marks it FAILED after `maxAttempts`. Returns the number of rows
 * delivered in this pass.
 */
export async function deliverDueWebhooks(
  em: EntityManager,
  settings: WebhookDeliverySettings,
  now = new Date(),
  logger?: Logger,
): Promise<number> {
  const due = await em.find(
    WebhookDelivery,
    {
      status: 'PENDING',
      nextAttemptAt: { $lte: now },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
    },
    { fields: ['id', 'attempts'], orderBy: { nextAttemptAt: 'asc', createdAt: 'asc' }, limit: BATCH_SIZE },
  );
  let delivered = 0;
  for (const candidate of due) {
    const lockedUntil = new Date(now.getTime() + settings.timeoutMs + CLAIM_MARGIN_MS);
    if (!(await claimDelivery(em, candidate, now, lockedUntil))) {
      continue;
    }
    const row = await em.fork().findOneOrFail(
      WebhookDelivery,
      { id: candidate.id },
      { populate: ['webhook', 'webhook.secret'] },
    );
    if (row.webhook.disabledAt) {
      await em.nativeUpdate(
        WebhookDelivery,
        { id: row.id },
        { status: 'FAILED', lastError: 'webhook disabled', lockedUntil: null },
      );
      logger?.info({ deliveryId: row.id, webhookId: row.webhook.id }, 'webhook delivery skipped because the webhook is disabled');
      continue;
    }
    const result = await sendWebhook(row.webhook.url, row.webhook.secret, row, settings.timeoutMs, now).catch(
      (error: unknown) => ({ ok: false, statusCode: null, error: String((error as Error).message).slice(0, 500) }),
    );
    const attempts = row.attempts;
    const update: Partial<WebhookDelivery> = {
      lockedUntil: null,
      lastStatusCode: result.statusCode,
      lastError: result.error,
    };
    if (result.ok) {
      Object.assign(update, { status: 'DELIVERED', deliveredAt: new Date() });
      delivered += 1;
    } else if (attempts >= settings.maxAttempts) {
      update.status = 'FAILED';
      logger?.warn({ deliveryId: row.id, webhookId: row.webhook.id, attempts, error: result.error }, 'webhook delivery failed for good');
    } else {
      update.nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, settings));
      logger?.info({ deliveryId: row.id, webhookId: row.webhook.id, attempts, error: result.error }, 'webhook delivery will be retried');
    }
    // The claim is still held, so no other worker changed the row since it was claimed. A row
    // that disableWebhook marked FAILED meanwhile stays FAILED.
    await em.nativeUpdate(WebhookDelivery, { id: row.id, attempts, status: 'PENDING' }, update);
  }

  return delivered;
}

/**
 * Runs `deliverDueWebhooks` every `intervalMs` milliseconds until stopped. A pass that is still
 * running when the interval ends delays the next one instead of overlapping it.
 */
export function startWebhookWorker(
  orm: Orm,
  settings: WebhookDeliverySettings,
  intervalMs: number,
  logger: Logger,
): RepeatingTask {
  const pass = async () => {
    const delivered = await deliverDueWebhooks(orm.em.fork(), settings, new Date(), logger);
    if (delivered > 0) {
      logger.info({ delivered }, 'webhook events delivered');
    }
  };
  const task = startRepeatingTask('webhook delivery pass', intervalMs, pass, logger);
  logger.info({ intervalMs }, 'webhook worker started');

  return task;
}
