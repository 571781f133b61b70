import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import type { ApiKey } from './api-key.entity';
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  type ApiKeyResult,
} from './api-key.service';
import {
  ApiKeyConnection,
  ApiKeyIdInput,
  ApiKeyNode,
  ApiKeyPayload,
  CreateApiKeyInput,
} from './api-key.types';
import { Access } from '../../platform/auth/access';

function apiKeyNode(entity: ApiKey): ApiKeyNode {
  return {
    id: entity.id,
    name: entity.name,
    prefix: entity.prefix,
    scopes: entity.scopes,
    rateLimitPerMinute: entity.rateLimitPerMinute ?? null,
    createdAt: entity.createdAt,
    rotatedAt: entity.rotatedAt ?? null,
    revokedAt: entity.revokedAt ?? null,
    lastUsedAt: entity.lastUsedAt ?? null,
  };
}

function payload(result: ApiKeyResult): ApiKeyPayload {
  return {
    apiKey: result.apiKey && apiKeyNode(result.apiKey),
    secret: result.secret,
    errors: result.errors,
  };
}

// NOTE: the API has no staff sign-in yet, so these operations are open to every caller, like
// the other staff mutations.
@Resolver()
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { description: 'API keys, newest first, revoked ones included.' })
  @Access(['ADMINISTRATOR'])
  async apiKeys(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKeyConnection> {
    const page = await listApiKeys(ctx.em, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: apiKeyNode(edge.node) })) };
  }

  @Mutation(() => ApiKeyPayload, { description: 'Creates an API key and returns its secret once.' })
  @Access(['ADMINISTRATOR'])
  async createApiKey(
    @Arg('input', () => CreateApiKeyInput, { description: 'Name, scopes and rate limit.' })
    input: CreateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKeyPayload> {
    return payload(await createApiKey(ctx.em, ctx.config.hashKey, input));
  }

  @Mutation(() => ApiKeyPayload, {
    description: 'Issues a new secret for an API key; the old secret stops working at once.',
  })
  @Access(['ADMINISTRATOR'])
  async rotateApiKey(
    @Arg('input', () => ApiKeyIdInput, { description: 'The key to rotate.' }) input: ApiKeyIdInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKeyPayload> {
    return payload(await rotateApiKey(ctx.em, ctx.config.hashKey, input.id));
  }

  @Mutation(() => ApiKeyPayload, { description: 'Revokes an API key for good.' })
  @Access(['ADMINISTRATOR'])
  async revokeApiKey(
    @Arg('input', () => ApiKeyIdInput, { description: 'The key to revoke.' }) input: ApiKeyIdInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKeyPayload> {
    return payload(await revokeApiKey(ctx.em, input.id));
  }
}
