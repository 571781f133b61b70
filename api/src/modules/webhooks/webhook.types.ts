import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { describedValues, enumObject } from '../cases/case.enums';
import type { WebhookDeliveryStatus, WebhookEventType } from './webhook.entity';

const eventTypeDescriptions: Record<WebhookEventType, string> = {
  CASE_CREATED: 'A case was opened.',
  CASE_STATUS_CHANGED: 'The status of a case changed; the payload carries the previous status.',
  CASE_UPDATED: 'A case changed without a status change, such as an assignment or a note.',
};

const deliveryStatusDescriptions: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'Waiting for its first attempt or for a retry.',
  DELIVERED: 'The receiver answered with a 2xx status.',
  FAILED: 'Every attempt failed; an administrator may retry it.',
};

export const WebhookEventTypeEnum = enumObject(eventTypeDescriptions);
export const WebhookDeliveryStatusEnum = enumObject(deliveryStatusDescriptions);

registerEnumType(WebhookEventTypeEnum, {
  name: 'WebhookEventType',
  description: 'Case event a webhook can subscribe to.',
  valuesConfig: describedValues(eventTypeDescriptions),
});
registerEnumType(WebhookDeliveryStatusEnum, {
  name: 'WebhookDeliveryStatus',
  description: 'State of one webhook delivery.',
  valuesConfig: describedValues(deliveryStatusDescriptions),
});

@ObjectType('Webhook', { description: 'An endpoint of a third-party application that receives signed case events.' })
export class WebhookNode {
  @Field(() => ID, { description: 'Identifier of the webhook.' })
  id!: string;

  @Field(() => String, { description: 'Name of the receiving application.' })
  name!: string;

  @Field(() => String, { description: 'URL that receives the POST requests.' })
  url!: string;

  @Field(() => [WebhookEventTypeEnum], { description: 'Events sent to the URL.' })
  eventTypes!: WebhookEventType[];

  @Field(() => GraphQLISODateTime, { description: 'Creation time.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Time the webhook was disabled; null while it receives events.',
  })
  disabledAt!: Date | null;
}

@ObjectType({ description: 'A page of webhooks.' })
export class WebhookConnection extends ConnectionType(WebhookNode, 'Webhook') {}

@ObjectType('WebhookDelivery', { description: 'One case event sent, or to be sent, to one webhook.' })
export class WebhookDeliveryNode {
  @Field(() => ID, {
    description: 'Identifier of the delivery, sent as the Ratusz-Webhook-Id header for deduplication.',
  })
  id!: string;

  @Field(() => ID, { description: 'Identifier of the webhook.' })
  webhookId!: string;

  @Field(() => WebhookEventTypeEnum, { description: 'Event type.' })
  eventType!: WebhookEventType;

  @Field(() => String, { description: 'Number of the case the event is about.' })
  caseNumber!: string;

  @Field(() => WebhookDeliveryStatusEnum, { description: 'State of the delivery.' })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => GraphQLISODateTime, { description: 'Time of the next attempt while pending.' })
  nextAttemptAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'HTTP status of the last response; null when none arrived.',
  })
  lastStatusCode!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed, such as a timeout or an HTTP status.',
  })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'Time of the event.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Time of the successful attempt.' })
  deliveredAt!: Date | null;
}

@ObjectType({ description: 'A page of webhook deliveries.' })
export class WebhookDeliveryConnection extends ConnectionType(WebhookDeliveryNode, 'WebhookDelivery') {}

@InputType({ description: 'A new webhook.' })
export class CreateWebhookInput {
  @Field(() => String, { description: 'Name of the receiving application, 1 to 200 characters.' })
  name!: string;

  @Field(() => String, {
    description:
      'URL that receives the events: https on a public address, or http on 127.0.0.1, [::1] or localhost; at most 2000 characters.',
  })
  url!: string;

  @Field(() => [WebhookEventTypeEnum], { description: 'Events to send; at least one.' })
  eventTypes!: WebhookEventType[];
}

@InputType({ description: 'An existing webhook or webhook delivery.' })
export class WebhookIdInput {
  @Field(() => ID, { description: 'Identifier of the webhook or delivery.' })
  id!: string;
}

@ObjectType({ description: 'Result of creating or disabling a webhook.' })
export class WebhookPayload {
  @Field(() => WebhookNode, { nullable: true, description: 'The webhook after the change; null on errors.' })
  webhook!: WebhookNode | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Signing secret, returned once after creation and never again. Receivers use it to check the Ratusz-Webhook-Signature header.',
  })
  secret!: string | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of retrying a failed webhook delivery.' })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDeliveryNode, { nullable: true, description: 'The delivery after the change; null on errors.' })
  delivery!: WebhookDeliveryNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
