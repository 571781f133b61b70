import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus } from './webhook.entity';
import {
  createWebhook,
  disableWebhook,
  listWebhookDeliveries,
  listWebhooks,
  retryWebhookDelivery,
  type WebhookResult,
} from './webhook.service';
import {
  CreateWebhookInput,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryNode,
  WebhookDeliveryPayload,
  WebhookDeliveryStatusEnum,
  WebhookIdInput,
  WebhookNode,
  WebhookPayload,
} from './webhook.types';

function webhookNode(entity: Webhook): WebhookNode {
  return {
    id: entity.id,
    name: entity.name,
    url: entity.url,
    eventTypes: entity.eventTypes,
    createdAt: entity.createdAt,
    disabledAt: entity.disabledAt ?? null,
  };
}

function deliveryNode(entity: WebhookDelivery): WebhookDeliveryNode {
  return {
    id: entity.id,
    webhookId: entity.webhook.id,
    eventType: entity.eventType,
    caseNumber: entity.caseNumber,
    status: entity.status,
    attempts: entity.attempts,
    nextAttemptAt: entity.nextAttemptAt,
    lastStatusCode: entity.lastStatusCode ?? null,
    lastError: entity.lastError ?? null,
    createdAt: entity.createdAt,
    deliveredAt: entity.deliveredAt ?? null,
  };
}

function payload(result: WebhookResult): WebhookPayload {
  return {
    webhook: result.webhook && webhookNode(result.webhook),
    secret: result.secret,
    errors: result.errors,
  };
}

@Resolver()
export class WebhookResolver {
  @Query(() => WebhookConnection, { description: 'Registered webhooks, newest first, disabled ones included.' })
  @Access(['ADMINISTRATOR'])
  async webhooks(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookConnection> {
    const page = await listWebhooks(ctx.em, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: webhookNode(edge.node) })) };
  }

  @Query(() => WebhookDeliveryConnection, {
    description: 'Webhook deliveries, newest first; filter by FAILED to see the ones that gave up.',
  })
  @Access(['ADMINISTRATOR'])
  async webhookDeliveries(
    @Arg('status', () => WebhookDeliveryStatusEnum, {
      nullable: true,
      description: 'Only deliveries in this state.',
    })
    status: WebhookDeliveryStatus | null,
    @Arg('webhookId', () => ID, { nullable: true, description: 'Only deliveries of this webhook.' })
    webhookId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryConnection> {
    const page = await listWebhookDeliveries(ctx.em, { status, webhookId }, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: deliveryNode(edge.node) })) };
  }

  @Mutation(() => WebhookPayload, {
    description: 'Registers a webhook for case events and returns its signing secret once.',
  })
  @Access(['ADMINISTRATOR'])
  async createWebhook(
    @Arg('input', () => CreateWebhookInput, { description: 'Name, URL and event types.' })
    input: CreateWebhookInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookPayload> {
    return payload(await createWebhook(ctx.em, input));
  }

  @Mutation(() => WebhookPayload, {
    description: 'Disables a webhook for good; its pending deliveries are marked FAILED.',
  })
  @Access(['ADMINISTRATOR'])
  async disableWebhook(
    @Arg('input', () => WebhookIdInput, { description: 'The webhook to disable.' }) input: WebhookIdInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookPayload> {
    return payload(await disableWebhook(ctx.em, input.id));
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'Queues a FAILED delivery again with a fresh attempt count.',
  })
  @Access(['ADMINISTRATOR'])
  async retryWebhookDelivery(
    @Arg('input', () => WebhookIdInput, { description: 'The failed delivery.' }) input: WebhookIdInput,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookDeliveryPayload> {
    const result = await retryWebhookDelivery(ctx.em, input.id);

    return { delivery: result.delivery && deliveryNode(result.delivery), errors: result.errors };
  }
}
