import type { EntityManager } from '@mikro-orm/core';
import { randomBytes } from 'node:crypto';
import {
  pageWindow,
  toConnection,
  type Connection,
  type ConnectionArgs,
} from '../../platform/graphql/connection';
import type { UserError } from '../../platform/graphql/user-error';
import { isCaseModuleId } from '../cases/case.errors';
import {
  Webhook,
  WebhookDelivery,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from './webhook.entity';
import { webhookUrlProblem } from './webhook-address';
import { MAX_WEBHOOK_URL_LENGTH, webhookErrors } from './webhook.errors';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';

/** Prefix of every signing secret, so leaked secrets are easy to recognise. */
const SECRET_PREFIX = 'whsec_';

/** A webhook as returned to administrators, and its secret right after creation. */
export type WebhookResult = { webhook: Webhook | null; secret: string | null; errors: UserError[] };

/** Fields an administrator sets on a new webhook. */
export type NewWebhook = { name: string; url: string; eventTypes: WebhookEventType[] };

async function inputErrors(input: NewWebhook): Promise<UserError[]> {
  const errors: UserError[] = [];
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    errors.push(webhookErrors.invalidName());
  }
  if (input.url.length > MAX_WEBHOOK_URL_LENGTH) {
    errors.push(webhookErrors.urlTooLong(input.url.length));
  } else {
    const problem = await webhookUrlProblem(input.url);
    if (problem) {
      errors.push(webhookErrors.invalidUrl(input.url, problem));
    }
  }
  if (input.eventTypes.length === 0) {
    errors.push(webhookErrors.noEventTypes());
  }

  return errors;
}

/**
 * Registers a webhook after checking its URL, and returns its signing secret, which is never
 * returned again. Events that happened before registration are not sent.
 */
export async function createWebhook(
  em: EntityManager,
  input: NewWebhook,
  now = new Date(),
): Promise<WebhookResult> {
  const errors = await inputErrors(input);
  if (errors.length > 0) {
    return { webhook: null, secret: null, errors };
  }
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const webhook = em.create(Webhook, {
    name: input.name.trim(),
    url: input.url,
    eventTypes: WEBHOOK_EVENT_TYPES.filter((type) => input.eventTypes.includes(type)),
    secret,
    createdAt: now,
  });
  await em.flush();

  return { webhook, secret, errors: [] };
}

/**
 * Disables a webhook: no new events are queued for it, and its pending deliveries are marked
 * FAILED so they are not sent. Disabling twice keeps the first time.
 */
export async function disableWebhook(
  em: EntityManager,
  id: string,
  now = new Date(),
): Promise<WebhookResult> {
  const webhook = isCaseModuleId(id) ? await em.findOne(Webhook, { id }) : null;
  if (!webhook) {
    return { webhook: null, secret: null, errors: [webhookErrors.notFound(id)] };
  }
  await em.transactional(async (tx) => {
    webhook.disabledAt ??= now;
    await appendScopedAudit(tx, { action: 'webhook.disabled', subjectType: 'webhook', subjectId: webhook.id });
    await tx.nativeUpdate(
      WebhookDelivery,
      { webhook: webhook.id, status: 'PENDING' },
      { status: 'FAILED', lastError: 'webhook disabled', lockedUntil: null },
    );
  });

  return { webhook, secret: null, errors: [] };
}

/** Returns one page of webhooks, newest first, disabled ones included. */
export async function listWebhooks(
  em: EntityManager,
  args: ConnectionArgs,
): Promise<Connection<Webhook>> {
  const window = pageWindow(args);
  const [items, total] = await em.findAndCount(
    Webhook,
    {},
    { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], limit: window.limit, offset: window.offset },
  );

  return toConnection(items, window, total);
}

/** Returns one page of deliveries, newest first, optionally of one status or webhook. */
export async function listWebhookDeliveries(
  em: EntityManager,
  filter: { status?: WebhookDeliveryStatus | null; webhookId?: string | null },
  args: ConnectionArgs,
): Promise<Connection<WebhookDelivery>> {
  const window = pageWindow(args);
  if (filter.webhookId && !isCaseModuleId(filter.webhookId)) {
    return toConnection([], window, 0);
  }
  const [items, total] = await em.findAndCount(
    WebhookDelivery,
    {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.webhookId ? { webhook: filter.webhookId } : {}),
    },
    { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], limit: window.limit, offset: window.offset },
  );

  return toConnection(items, window, total);
}

/**
 * Queues a FAILED delivery again with a fresh attempt count, for after the receiver was fixed.
 * Deliveries of a disabled webhook stay failed.
 */
export async function retryWebhookDelivery(
  em: EntityManager,
  id: string,
  now = new Date(),
): Promise<{ delivery: WebhookDelivery | null; errors: UserError[] }> {
  const delivery = isCaseModuleId(id)
    ? await em.findOne(WebhookDelivery, { id }, { populate: ['webhook'] })
    : null;
  if (!delivery) {
    return { delivery: null, errors: [webhookErrors.deliveryNotFound(id)] };
  }
  if (delivery.status !== 'FAILED') {
    return { delivery: null, errors: [webhookErrors.deliveryNotFailed(id, delivery.status)] };
  }
  if (delivery.webhook.disabledAt) {
    return { delivery: null, errors: [webhookErrors.disabled(delivery.webhook.id)] };
  }
  Object.assign(delivery, { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null });
  await em.flush();

  return { delivery, errors: [] };
}
