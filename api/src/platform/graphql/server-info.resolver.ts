import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import { databaseEngine } from '../config';
import type { RequestContext } from './context';

@ObjectType({ description: 'What this API process runs on, for clients and operators.' })
export class ServerInfo {
  @Field(() => String, { description: 'Version of the Ratusz API.' })
  version!: string;

  @Field(() => String, { description: 'Database engine: sqlite or postgresql.' })
  databaseEngine!: string;

  @Field(() => String, { description: 'Pub/sub transport: in-process or redis.' })
  pubSubTransport!: string;

  @Field(() => Int, {
    description: 'Public aggregates over fewer cases than this are suppressed.',
  })
  minAggregateCount!: number;
}

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'Version and deployment facts of this API process.' })
  @Access('PUBLIC')
  serverInfo(@Ctx() ctx: RequestContext): ServerInfo {
    return {
      version: API_VERSION,
      databaseEngine: databaseEngine(ctx.config),
      pubSubTransport: ctx.events.transport,
      minAggregateCount: ctx.config.minAggregateCount,
    };
  }
}

/** Version reported by `serverInfo` and the health endpoint. */
export const API_VERSION = '0.1.0';
