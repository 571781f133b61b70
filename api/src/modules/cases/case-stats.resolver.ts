import { Arg, Ctx, GraphQLISODateTime, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { CaseCountDimensionEnum, type CaseCountDimension } from './case.enums';
import { caseCounts } from './case-counts.service';
import { caseHeatmap } from './case-heatmap.service';
import { CaseFilter } from './case-filter.input';
import { CaseCount, CaseHeatmap, PriorityRanking } from './case-stats.types';
import { DEFAULT_TOP_PER_DISTRICT, priorities } from './priorities.service';
import { Access } from '../../platform/auth/access';

@Resolver()
export class CaseStatsResolver {
  @Query(() => [CaseCount], {
    description:
      'Numbers of cases per group. DISTRICT groups below serverInfo.minAggregateCount are withheld.',
  })
  @Access('PUBLIC')
  caseCounts(
    @Arg('by', () => CaseCountDimensionEnum, { description: 'Grouping of the counts.' })
    by: CaseCountDimension,
    @Arg('filter', () => CaseFilter, {
      nullable: true,
      description: 'Conditions the cases must meet.',
    })
    filter: CaseFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseCount[]> {
    return caseCounts(ctx.em, by, filter, ctx.config.minAggregateCount);
  }

  @Query(() => CaseHeatmap, {
    description: 'Located cases counted per H3 cell, small cells withheld.',
  })
  @Access('PUBLIC')
  caseHeatmap(
    @Arg('resolution', () => Int, { description: 'H3 resolution from 0 (coarsest) to 10.' })
    resolution: number,
    @Arg('filter', () => CaseFilter, {
      nullable: true,
      description: 'Conditions the cases must meet.',
    })
    filter: CaseFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseHeatmap> {
    return caseHeatmap(ctx.em, resolution, filter, ctx.config.minAggregateCount);
  }

  @Query(() => PriorityRanking, {
    description: 'Categories ranked by priority score in each district.',
  })
  @Access('PUBLIC')
  priorities(
    @Arg('filter', () => CaseFilter, {
      nullable: true,
      description: 'Conditions the cases must meet.',
    })
    filter: CaseFilter | null,
    @Arg('asOf', () => GraphQLISODateTime, {
      nullable: true,
      description: 'Time to measure ages at; the newest creation time in view when omitted.',
    })
    asOf: Date | null,
    @Arg('topPerDistrict', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_TOP_PER_DISTRICT,
      description: 'Number of categories to return per district, from 1 to 100.',
    })
    topPerDistrict: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PriorityRanking> {
    return priorities(
      ctx.em,
      filter,
      asOf,
      topPerDistrict ?? DEFAULT_TOP_PER_DISTRICT,
      ctx.config.minAggregateCount,
    );
  }
}
