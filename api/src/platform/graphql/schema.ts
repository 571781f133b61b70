import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import type { PubSub } from '@graphql-yoga/subscription';
import type { LiveTopics } from '@ratusz/shared';
import { resolvers } from '../../modules/resolvers';
import { authChecker } from '../auth/access';
import { auditScopeMiddleware } from '../audit/audit-subscriber';
import { ServerInfoResolver } from './server-info.resolver';

/** Builds the executable schema from every module's resolvers. */
export async function createSchema(pubSub: PubSub<LiveTopics>): Promise<GraphQLSchema> {
  const all = [ServerInfoResolver, ...resolvers] as unknown as NonEmptyArray<Function>;

  return buildSchema({
    resolvers: all,
    pubSub: pubSub as never,
    validate: { forbidUnknownValues: false },
    authChecker,
    authMode: 'error',
    globalMiddlewares: [auditScopeMiddleware],
    emitSchemaFile: false,
  });
}
