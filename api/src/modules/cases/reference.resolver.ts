import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { Category } from './category.entity';
import { jurisdictionNode, scopedNode } from './case.mapper';
import { CategoryConnection, DistrictConnection, JurisdictionConnection } from './case.types';
import { District } from './district.entity';
import { listJurisdictions, listScoped } from './reference.service';
import { Access } from '../../platform/auth/access';

@Resolver()
export class CaseReferenceResolver {
  @Query(() => JurisdictionConnection, { description: 'Jurisdictions in code order.' })
  @Access('PUBLIC')
  async jurisdictions(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<JurisdictionConnection> {
    const page = await listJurisdictions(ctx.em, args);

    return {
      ...page,
      edges: page.edges.map((edge) => ({ ...edge, node: jurisdictionNode(edge.node) })),
    };
  }

  @Query(() => CategoryConnection, { description: 'Case categories in name order.' })
  @Access('PUBLIC')
  async categories(
    @Arg('jurisdictionId', () => ID, {
      nullable: true,
      description: 'Only categories of this jurisdiction.',
    })
    jurisdictionId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<CategoryConnection> {
    const page = await listScoped(ctx.em, Category, jurisdictionId, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: scopedNode(edge.node) })) };
  }

  @Query(() => DistrictConnection, { description: 'Districts in name order.' })
  @Access('PUBLIC')
  async districts(
    @Arg('jurisdictionId', () => ID, {
      nullable: true,
      description: 'Only districts of this jurisdiction.',
    })
    jurisdictionId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<DistrictConnection> {
    const page = await listScoped(ctx.em, District, jurisdictionId, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: scopedNode(edge.node) })) };
  }
}
