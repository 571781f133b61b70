import type { EntityManager } from '@mikro-orm/core';
import type { CaseStatus } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import type { ServiceCase } from '../cases/case.entity';
import type { IntakeRows } from '../cases/intake-rows';
import { Webhook, WebhookDelivery, type WebhookEventType } from './webhook.entity';

/**
 * Body of every webhook request. It carries no personal data: no description, coordinates,
 * agent or resident, only the case number, category, status and public timestamps.
 */
export type WebhookEventBody = {
  /** Id of the delivery, repeated in the `Ratusz-Webhook-Id` header; retries reuse it. */
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  case: {
    id: string;
    number: string;
    jurisdiction: string;
    category: string;
    status: CaseStatus;
    previousStatus: CaseStatus | null;
    createdAt: string;
    updatedAt: string;
    closedAt: string | null;
  };
};

/**
 * Adds one outbox row per active webhook subscribed to `eventType`. Call it inside the
 * transaction that changes the case, so the rows commit or roll back with the change. The
 * case's jurisdiction and category must be loaded. `activeWebhooks`, when given, replaces the
 * query for the webhooks that are not disabled (callers pass a cached list). With `rows` the
 * deliveries are added there for a multi-row insert instead of to the unit of work.
 */
export async function enqueueCaseEvent(
  tx: EntityManager,
  eventType: WebhookEventType,
  entity: ServiceCase,
  previousStatus: CaseStatus | null,
  now: Date,
  activeWebhooks?: readonly Webhook[],
  rows?: IntakeRows,
): Promise<number> {
  const webhooks =
    activeWebhooks ??
    (await tx.find(Webhook, { disabledAt: null }, { orderBy: { createdAt: 'asc' } }));
  const subscribed = webhooks.filter((webhook) => webhook.eventTypes.includes(eventType));
  for (const webhook of subscribed) {
    const id = randomUUID();
    const body: WebhookEventBody = {
      id,
      type: eventType,
      occurredAt: now.toISOString(),
      case: {
        id: entity.id,
        number: entity.number,
        jurisdiction: entity.jurisdiction.code,
        category: entity.category.code,
        status: entity.status,
        previousStatus,
        createdAt: entity.createdAt.toISOString(),
        updatedAt: entity.updatedAt.toISOString(),
        closedAt: entity.closedAt?.toISOString() ?? null,
      },
    };
    // The id alone, because a cached webhook must not become managed by this transaction.
    const delivery = {
      id,
      webhook: webhook.id,
      eventType,
      caseNumber: entity.number,
      body: JSON.stringify(body),
      status: 'PENDING',
      nextAttemptAt: now,
      createdAt: now,
    } as const;
    if (rows) {
      rows.add(WebhookDelivery, delivery);
    } else {
      tx.create(WebhookDelivery, delivery);
    }
  }

  return subscribed.length;
}
