import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['CASE_CREATED', 'CASE_STATUS_CHANGED', 'CASE_UPDATED'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** States of one outbox row. */
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** A third-party endpoint that receives signed case events. */
@Entity({ tableName: 'webhook' })
@Index({ properties: ['createdAt'] })
export class Webhook {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Name of the receiving application, for staff. */
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Property({ type: 'json' })
  eventTypes!: WebhookEventType[];

  /**
   * Signing secret. It is stored as issued because HMAC signing needs the secret itself, unlike
   * API keys, which store only a hash.
   */
  @Property({ type: 'string', length: 100, lazy: true })
  secret!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Time the webhook was disabled; null while it receives events. */
  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;
}

/**
 * One event for one webhook, written in the transaction of the case change (the transactional
 * outbox) and sent later by the delivery worker. Its id is the idempotency key receivers see.
 */
@Entity({ tableName: 'webhook_delivery' })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['webhook', 'createdAt'] })
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => Webhook, { deleteRule: 'cascade' })
  webhook!: Webhook;

  @Property({ type: 'string', length: 40 })
  eventType!: WebhookEventType;

  /** Case number the event is about, so staff can find deliveries of one case. */
  @Property({ type: 'string', length: 140 })
  caseNumber!: string;

  /** Request body, serialised once so every attempt sends the same bytes. */
  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'string', length: 16 })
  status!: WebhookDeliveryStatus;

  /** Attempts started so far, counted when a worker claims the row. */
  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt!: Date;

  /** End of the current worker's claim; another worker may take the row after it. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;

  /** HTTP status of the last attempt, or null when no response arrived. */
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  /** Reason the last attempt failed, without secrets or response bodies. */
  @Property({ type: 'string', length: 500, nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;
}
